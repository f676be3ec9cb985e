package com.aliaport.ops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.console.connect.ConsoleSession;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.reports.ReportFormService;
import com.aliaport.ops.console.reports.ReportsView;
import com.aliaport.ops.console.shell.MainWindow;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.reportqueue.DeskTask;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.testsupport.TestPostgres;
import com.aliaport.ops.testsupport.TestRedis;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The report desk's form and download on a real stage against a real PostgreSQL and a real daemon process with
 * a worker, Redis and folder storage: a cari ekstre requested from the form, its bar at 100 %, the file saved
 * through the signed link and read back with POI; the API's validation next to the field; a report dead-lettered
 * by a real storage fault, requeued from the console once the fault is gone; a viewer refused in the UI and by
 * PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportDeskFxIT {
    private static final String SUFFIX = Long.toString(ProcessHandle.current().pid());
    private static final String OPERATOR = "fx_desk_operator_" + SUFFIX;
    private static final String VIEWER = "fx_desk_viewer_" + SUFFIX;
    private static final Duration PATIENCE = Duration.ofSeconds(40);
    private static final String CARI = "120.01.7001";
    private static final String OTHER = "120.01.7002";

    private ConnectionSettings settings;
    private Database db;
    private DaemonNode daemon;
    private Path storage;
    private Path saved;
    private Map<String, String> redis;
    private final FxRobot robot = new FxRobot();
    private final ConsoleWindows windows = new ConsoleWindows(robot);
    private Stage stage;

    @BeforeAll
    void database_customers_daemon_with_a_worker_and_logins() throws Exception {
        settings = TestPostgres.newDatabase();
        storage = Files.createTempDirectory("desk-storage");
        saved = Files.createTempDirectory("desk-saved");
        redis = Map.of("ALIAPORT_REDIS_URL", TestRedis.uri().toString().replaceFirst("/\\d+$", "") + "/13");
        Map<String, String> env = new HashMap<>(redis);
        env.put("ALIAPORT_WORKERS", "1");
        env.put("ALIAPORT_STORAGE", "file:" + storage);
        env.put("ALIAPORT_REPORT_RETRIES", "1");
        env.put("ALIAPORT_REPORT_RETRY_BACKOFF_SECONDS", "1");
        daemon = DaemonNode.start(settings, "fx-desk-node", env);
        db = Database.connect(settings, "fx-desk-test", 2);
        db.dsl()
                .execute("INSERT INTO cari_hesaplar (cari_kodu, unvan, vergi_no) VALUES "
                        + "('" + CARI + "', 'Ege Liman Lojistik A.Ş.', '1234567890'), "
                        + "('" + OTHER + "', 'Başka Denizcilik Ltd.', '1234567891')");
        db.dsl()
                .execute("INSERT INTO cari_hareketler (cari_kodu, tarih, belge_no, belge_turu, aciklama, borc, alacak) "
                        + "VALUES ('" + CARI + "', '2026-01-10', 'FTR-70001', 'Fatura', 'Barınma ücreti', 1500, 0), "
                        + "('" + CARI + "', '2026-01-20', 'TAH-70002', 'Tahsilat', 'Havale', 0, 1000), "
                        + "('" + CARI + "', '2026-02-03', 'FTR-70003', 'Fatura', 'Römorkaj', 750.50, 0), "
                        + "('" + OTHER + "', '2026-01-15', 'FTR-79999', 'Fatura', 'Başkasının', 99, 0)");
        TestPostgres.admin("DROP ROLE IF EXISTS " + OPERATOR);
        TestPostgres.admin("DROP ROLE IF EXISTS " + VIEWER);
        TestPostgres.admin("CREATE ROLE " + OPERATOR + " LOGIN IN ROLE aliaport_operator");
        TestPostgres.admin("CREATE ROLE " + VIEWER + " LOGIN IN ROLE aliaport_viewer");
        stage = FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close_window() throws Exception {
        windows.close();
    }

    @AfterAll
    void stop_everything() throws Exception {
        FxToolkit.cleanupStages();
        if (daemon != null) {
            daemon.close();
        }
        if (db != null) {
            db.close();
        }
        if (settings != null) {
            TestPostgres.drop(settings);
        }
        TestPostgres.admin("DROP ROLE IF EXISTS " + OPERATOR);
        TestPostgres.admin("DROP ROLE IF EXISTS " + VIEWER);
    }

    private ReportsView openDesk(String login) throws Exception {
        MainWindow window = windows.open(settings, login, new Texts(Texts.TURKISH));
        robot.clickOn("#nav-reports");
        return (ReportsView) window.currentScreen();
    }

    @Test
    void a_cari_ekstre_requested_from_the_form_reaches_100_percent_and_downloads_as_an_xlsx_with_its_rows()
            throws Exception {
        ReportsView desk = openDesk(OPERATOR);
        robot.interact(desk::showForm);
        robot.interact(() -> robot.lookup("#form-type").<String>queryComboBox().setValue("cari-ekstre"));
        robot.clickOn("#form-customer-search").write("Ege Liman");
        ComboBox<ReportFormService.Customer> customers =
                robot.lookup("#form-customer").queryComboBox();
        await("the customer found by name", () -> customers.getItems().stream()
                .anyMatch(c -> c.code().equals(CARI)));
        assertThat(customers.getItems())
                .extracting(ReportFormService.Customer::code)
                .containsExactly(CARI);
        robot.interact(() -> customers.getSelectionModel().select(0));
        robot.interact(() -> {
            robot.lookup("#form-from").queryAs(DatePicker.class).setValue(LocalDate.of(2026, 1, 1));
            robot.lookup("#form-to").queryAs(DatePicker.class).setValue(LocalDate.of(2026, 3, 31));
        });
        robot.clickOn("#form-submit");

        await("the task queued from the form", () -> desk.form().submitted().get() != null);
        UUID task = desk.form().submitted().get();
        assertThat(db.dsl().fetchValue("SELECT requested_by FROM report_tasks WHERE id = ?", task))
                .as("the requester is the operator's login, as on the command")
                .isEqualTo(OPERATOR);
        await("the task succeeded", () -> "SUCCESS".equals(state(task)));
        TableView<DeskTask> table = desk.table();
        await(
                "its bar at 100 % on the desk, live",
                () -> table.getItems().stream().anyMatch(d -> d.id().equals(task) && d.state() == ReportState.SUCCESS)
                        && robot.lookup("#reports-table .progress-bar").queryAllAs(ProgressBar.class).stream()
                                .anyMatch(b -> b.getProgress() == 1.0));
        TabPane side = robot.lookup("#reports-side").queryAs(TabPane.class);
        await(
                "the queued task chosen and its detail in front of the form",
                () -> table.getSelectionModel().getSelectedItem() != null
                        && table.getSelectionModel().getSelectedItem().id().equals(task)
                        && "reports-tab-detail"
                                .equals(side.getSelectionModel()
                                        .getSelectedItem()
                                        .getId()));
        // As a user would: back to the form, then a click on the finished task's row brings its detail back.
        robot.interact(desk::showForm);
        TableRow<?> taskRow = robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() instanceof DeskTask d && d.id().equals(task) && shown(r))
                .findFirst()
                .orElseThrow();
        robot.clickOn(taskRow);
        await(
                "the clicked row's detail in front",
                () -> "reports-tab-detail"
                        .equals(side.getSelectionModel().getSelectedItem().getId()),
                () -> "row " + taskRow.localToScreen(taskRow.getBoundsInLocal()) + " in window "
                        + taskRow.getScene().getWindow().getX() + ","
                        + taskRow.getScene().getWindow().getY()
                        + " " + taskRow.getScene().getWidth() + "x"
                        + taskRow.getScene().getHeight() + ", table "
                        + table.localToScreen(table.getBoundsInLocal()) + ", mouse at "
                        + robot.point(taskRow).query()
                        + ", tab " + side.getSelectionModel().getSelectedItem().getId());
        await(
                "Download enabled for the finished task",
                () -> !robot.lookup("#reports-download").queryAs(Button.class).isDisabled());

        AtomicReference<String> suggested = new AtomicReference<>();
        desk.download().chooseTarget(name -> {
            suggested.set(name);
            return Optional.of(saved.resolve(name));
        });
        robot.clickOn("#reports-download");
        await(
                "the file saved",
                () -> desk.download().status().get().startsWith("Kaydedildi")
                        || desk.download().status().get().contains("kaydedildi"),
                () -> desk.download().status().get());
        assertThat(suggested.get()).startsWith("cari-ekstre_").endsWith(".xlsx");
        Path file = saved.resolve(suggested.get());
        assertThat(robot.lookup("#reports-download-progress")
                        .queryAs(ProgressBar.class)
                        .getProgress())
                .isEqualTo(1.0);
        List<String> cells = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
                XSSFWorkbook book = new XSSFWorkbook(in)) {
            for (Sheet sheet : book) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        cells.add(cell.toString());
                    }
                }
            }
        }
        assertThat(cells).contains("FTR-70001", "TAH-70002", "FTR-70003").doesNotContain("FTR-79999");
        assertThat(String.join(" ", cells)).contains("Ege Liman Lojistik");
        assertThat(db.dsl()
                        .fetchValue(
                                "SELECT count(*) FROM audit_events WHERE event_type = 'report.link_signed' "
                                        + "AND user_id = ? AND details::text NOT LIKE '%signature%'",
                                OPERATOR))
                .as("the link signed for the operator, audited without the link itself")
                .isEqualTo(1L);
    }

    @Test
    void a_reversed_period_is_refused_by_the_apis_validation_next_to_the_date_field() throws Exception {
        ReportsView desk = openDesk(OPERATOR);
        robot.interact(desk::showForm);
        long commandsBefore = commandCount();
        robot.interact(() -> {
            robot.lookup("#form-type").<String>queryComboBox().setValue("barinma");
            robot.lookup("#form-from").queryAs(DatePicker.class).setValue(LocalDate.of(2026, 3, 31));
            robot.lookup("#form-to").queryAs(DatePicker.class).setValue(LocalDate.of(2026, 3, 1));
        });
        robot.clickOn("#form-submit");
        Label error = robot.lookup("#form-error-date_to").queryAs(Label.class);
        await(
                "the error next to the end date",
                () -> error.isVisible() && error.getText().equals("must not be before date_from (2026-03-31)"));
        assertThat(robot.lookup("#form-error-date_from").queryAs(Label.class).isVisible())
                .isFalse();
        assertThat(commandCount()).as("nothing sent").isEqualTo(commandsBefore);
    }

    @Test
    void a_report_dead_lettered_by_a_storage_fault_is_requeued_from_the_console_and_succeeds() throws Exception {
        // The fault: the folder reports are stored in is a file, so every store fails (an I/O error, retried).
        Path reports = storage.resolve("reports");
        Path aside = storage.resolve("reports-aside");
        if (Files.exists(reports)) {
            Files.move(reports, aside);
        }
        Files.writeString(reports, "not a folder");
        UUID dead;
        try {
            dead = submitJanuaryStatement();
            UUID id = dead;
            await(
                    "the task dead-lettered after its attempts",
                    () -> Boolean.TRUE.equals(
                            db.dsl().fetchValue("SELECT dead_lettered FROM report_tasks WHERE id = ?", id)));
        } finally {
            Files.delete(reports);
            if (Files.exists(aside)) {
                Files.move(aside, reports);
            }
        }
        assertThat(String.valueOf(db.dsl().fetchValue("SELECT error FROM report_tasks WHERE id = ?", dead)))
                .as("failed for the storage fault, every attempt used")
                .contains("cannot store report file");
        assertThat(db.dsl().fetchValue("SELECT attempts = max_attempts FROM report_tasks WHERE id = ?", dead))
                .isEqualTo(true);

        ReportsView desk = openDesk(OPERATOR);
        TableView<DeskTask> table = desk.table();
        await("the dead letter on the desk", () -> table.getItems().stream()
                .anyMatch(d -> d.id().equals(dead) && d.deadLettered()));
        select(table, dead);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#reports-requeue");
        await("the requeued task succeeded", () -> "SUCCESS".equals(state(dead)));
        await("the desk shows it succeeded, live", () -> table.getItems().stream()
                .anyMatch(d -> d.id().equals(dead) && d.state() == ReportState.SUCCESS && !d.deadLettered()));
    }

    @Test
    void in_english_no_header_and_no_value_on_the_desk_is_cut_to_an_ellipsis() throws Exception {
        // "Account statement", "Duration", "Outcome": the longest English words of the desk, once cut to "…".
        UUID task = submitJanuaryStatement();
        await("the statement built", () -> "SUCCESS".equals(state(task)));
        MainWindow window = windows.open(settings, OPERATOR, new Texts(Texts.ENGLISH));
        robot.clickOn("#nav-reports");
        ReportsView desk = (ReportsView) window.currentScreen();
        TableView<DeskTask> table = desk.table();
        await("the statement on the desk", () -> table.getItems().stream().anyMatch(d -> d.id().equals(task)));
        select(table, task);
        TableView<?> attempts = robot.lookup("#reports-attempts").queryAs(TableView.class);
        await("its attempt listed", () -> !attempts.getItems().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        List<String> headers = new ArrayList<>();
        List<String> cut = new ArrayList<>();
        robot.interact(() -> {
            for (TableView<?> t : List.of(table, attempts)) {
                t.applyCss();
                t.layout();
                for (javafx.scene.Node n : t.lookupAll(".column-header")) {
                    if (n instanceof javafx.scene.control.skin.TableColumnHeader h
                            && h.getTableColumn() != null
                            && h.lookup(".label") instanceof Label label) {
                        headers.add(label.getText());
                        if (elided(label)) {
                            cut.add(t.getId() + " header " + label.getText() + " shown as " + displayed(label));
                        }
                    }
                }
                for (javafx.scene.Node n : t.lookupAll(".table-cell")) {
                    if (n instanceof javafx.scene.control.Labeled cell && shown(cell) && elided(cell)) {
                        cut.add(t.getId() + " cell " + cell.getText() + " shown as " + displayed(cell));
                    }
                }
            }
        });
        assertThat(headers).as("the headers read").contains("Type", "Duration", "Outcome");
        assertThat(table.getItems())
                .as("the statement listed under its English name")
                .anyMatch(d -> d.id().equals(task));
        assertThat(cut).as("headers and values cut short").isEmpty();
    }

    /** What the label draws: its text, or the text cut to fit with the ellipsis at its end. */
    private static String displayed(javafx.scene.control.Labeled labeled) {
        return labeled.lookup(".text") instanceof javafx.scene.text.Text text ? text.getText() : labeled.getText();
    }

    private static boolean elided(javafx.scene.control.Labeled labeled) {
        String text = labeled.getText();
        return text != null
                && !text.isEmpty()
                && !displayed(labeled).isEmpty()
                && !displayed(labeled).equals(text);
    }

    @Test
    void a_viewer_can_neither_request_nor_download_nor_act_and_postgresql_refuses_them_too() throws Exception {
        openDesk(VIEWER);
        for (String id : List.of("#form-submit", "#reports-download", "#reports-cancel", "#reports-requeue")) {
            assertThat(robot.lookup(id).queryAs(Button.class).isDisabled())
                    .as(id)
                    .isTrue();
        }
        ConsoleSession viewer =
                ConsoleSession.open(new ConnectionSettings(settings.jdbcUrl(), VIEWER, Optional.empty()));
        windows.add(viewer);
        assertThatThrownBy(() -> viewer.dsl()
                        .execute("INSERT INTO operator_commands (command, target, parameters) VALUES ('SUBMIT_REPORT', "
                                + "'cari-ekstre', '{\"cari_code\": \"" + CARI + "\"}')"))
                .hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> viewer.dsl()
                        .execute("INSERT INTO operator_commands (command, target) "
                                + "VALUES ('LINK_REPORT', '00000000-0000-0000-0000-000000000000')"))
                .hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> viewer.dsl().fetch("SELECT url FROM report_links"))
                .hasStackTraceContaining("permission denied");
    }

    /**
     * Whether the node and all its parents are visible: the table's virtual flow keeps an invisible row for
     * measuring that may hold the same task, and a click on it lands somewhere else.
     */
    private static boolean shown(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    /** A January account statement of {@link #CARI}, sent through the CLI as a user would; its task id. */
    private UUID submitJanuaryStatement() {
        var submitted = DaemonNode.cli(
                settings,
                redis,
                "reports",
                "submit",
                "cari-ekstre",
                "--param",
                "cari_code=" + CARI,
                "--param",
                "date_from=2026-01-01",
                "--param",
                "date_to=2026-01-31");
        assertThat(submitted.exitCode()).as(submitted.stderr()).isZero();
        return submitted.submittedTaskId();
    }

    private void select(TableView<DeskTask> table, UUID id) {
        robot.interact(() -> table.getItems().stream()
                .filter(d -> d.id().equals(id))
                .findFirst()
                .ifPresent(d -> table.getSelectionModel().select(d)));
    }

    private long commandCount() {
        return db.dsl().fetchOne("SELECT count(*) FROM operator_commands").get(0, Long.class);
    }

    private String state(UUID id) {
        return String.valueOf(db.dsl().fetchValue("SELECT state FROM report_tasks WHERE id = ?", id));
    }

    private static void await(String what, Supplier<Boolean> done) throws Exception {
        await(what, done, () -> "");
    }

    /** Waits; on a timeout says what was seen last ({@code seen}), e.g. the status line's error. */
    private static void await(String what, Supplier<Boolean> done, Supplier<String> seen) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS, () -> done.get());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(
                    "timed out after " + PATIENCE + " waiting for " + what + "; last seen: " + seen.get());
        }
    }
}
