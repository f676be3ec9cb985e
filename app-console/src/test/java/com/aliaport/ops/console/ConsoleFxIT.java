package com.aliaport.ops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.console.connect.ConsoleSession;
import com.aliaport.ops.console.connect.Role;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.history.RunHistoryView;
import com.aliaport.ops.console.jobs.JobRow;
import com.aliaport.ops.console.shell.MainWindow;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console on a real JavaFX stage (JavaFX 26's headless platform) against a real PostgreSQL and a real
 * daemon process from the built jar: what an operator does every morning, and what a viewer may not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleFxIT {
    private static final String SUFFIX = Long.toString(ProcessHandle.current().pid());
    private static final String OPERATOR = "fx_operator_" + SUFFIX;
    private static final String VIEWER = "fx_viewer_" + SUFFIX;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private ConnectionSettings settings;
    private Database db;
    private DaemonNode daemon;
    private final FxRobot robot = new FxRobot();
    private final ConsoleWindows windows = new ConsoleWindows(robot);
    private Stage stage;

    @BeforeAll
    void database_daemon_and_logins() throws Exception {
        settings = TestPostgres.newDatabase();
        daemon = DaemonNode.start(settings, "fx-node", Map.of("ALIAPORT_DIAGNOSTIC_JOBS", "true"));
        db = Database.connect(settings, "fx-test", 2);
        TestPostgres.admin("DROP ROLE IF EXISTS " + OPERATOR);
        TestPostgres.admin("DROP ROLE IF EXISTS " + VIEWER);
        TestPostgres.admin("CREATE ROLE " + OPERATOR + " LOGIN IN ROLE aliaport_operator");
        TestPostgres.admin("CREATE ROLE " + VIEWER + " LOGIN IN ROLE aliaport_viewer");
        await(
                "the daemon's catalog in scheduled_jobs",
                () -> db.dsl().fetchCount(db.dsl().selectFrom("scheduled_jobs")) > 3);
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

    /** Opens the console's window signed in as {@code login}, in the given language. */
    private MainWindow open(String login, Texts texts) throws Exception {
        return windows.open(settings, login, texts);
    }

    @Test
    void the_overview_shows_what_sql_counts() throws Exception {
        db.dsl()
                .execute("INSERT INTO job_runs (job_id, trigger_kind, status, started_at, finished_at, error) "
                        + "SELECT 'diag_fail', 'SCHEDULED', 'FAILED', now(), now(), 'boom' FROM generate_series(1, 3)");
        db.dsl()
                .execute(
                        "INSERT INTO kur_anomalies (tarih, doviz_kodu, onceki_tarih, onceki_alis, yeni_alis, degisim_orani) "
                                + "VALUES (current_date, 'USD', current_date - 1, 40, 48, 20)");
        open(OPERATOR, new Texts(Texts.TURKISH));
        String failures = db.dsl()
                .fetchValue("SELECT count(*) FROM job_runs WHERE status IN ('FAILED','TIMED_OUT') "
                        + "AND created_at >= now() - interval '1 day'")
                .toString();
        String anomalies = db.dsl()
                .fetchValue("SELECT count(*) FROM kur_anomalies WHERE status = 'OPEN'")
                .toString();
        await("failure tile = " + failures, () -> text("#tile-failures-value").equals(failures));
        assertThat(text("#tile-anomalies-value")).isEqualTo(anomalies);
        assertThat(text("#tile-nodes-value")).isEqualTo("1 / 1 canlı");
    }

    @Test
    void pausing_a_job_from_the_console_pauses_it_in_the_daemon() throws Exception {
        MainWindow w = open(OPERATOR, new Texts(Texts.ENGLISH));
        robot.clickOn("#nav-jobs");
        select(jobsTable(), "audit_archive_daily");
        robot.clickOn("#jobs-pause");
        try {
            await("jobs list shows audit_archive_daily paused", () -> {
                var list = DaemonNode.cli(settings, Map.of(), "jobs", "list", "--json");
                return list.stdout().replaceAll("\\s", "").contains("\"id\":\"audit_archive_daily\"")
                        && pausedInJson(list.stdout(), "audit_archive_daily");
            });
            await("the jobs screen shows it paused", () -> jobsTable().getItems().stream()
                    .anyMatch(r -> r.id().equals("audit_archive_daily") && r.paused()));
            assertThat(text("#jobs-status")).contains("done");
            String actor = db.dsl()
                    .fetchValue("SELECT user_id FROM audit_events WHERE event_type = 'job.paused' "
                            + "ORDER BY id DESC LIMIT 1")
                    .toString();
            assertThat(actor).isEqualTo(OPERATOR);
        } finally {
            DaemonNode.cli(settings, Map.of(), "jobs", "resume", "audit_archive_daily");
        }
        assertThat(w).isNotNull();
    }

    @Test
    void a_job_run_now_appears_in_the_history_live_without_refresh() throws Exception {
        open(OPERATOR, new Texts(Texts.ENGLISH));
        robot.clickOn("#nav-history");
        TableView<?> history = robot.lookup("#history-table").queryAs(TableView.class);
        long before = db.dsl().fetchCount(db.dsl().selectFrom("job_runs").where("job_id = 'diag_tick'"));
        robot.clickOn("#nav-jobs");
        select(jobsTable(), "diag_tick");
        robot.clickOn("#jobs-run-now");
        robot.clickOn("#nav-history");
        await("a new MANUAL diag_tick run on the history's first page", () -> history.getItems().stream()
                .map(o -> ((com.aliaport.ops.jobrun.JobRunSearch.Listed) o).run())
                .anyMatch(r ->
                        r.jobId().equals("diag_tick") && r.triggerKind().name().equals("MANUAL")));
        assertThat(db.dsl().fetchCount(db.dsl().selectFrom("job_runs").where("job_id = 'diag_tick'")))
                .isGreaterThan((int) before);
    }

    @Test
    void rerunning_a_failed_run_makes_a_manual_run_with_the_same_parameters() throws Exception {
        long failed = db.dsl()
                .resultQuery("INSERT INTO job_runs (job_id, trigger_kind, status, started_at, finished_at, "
                        + "parameters, error) VALUES ('diag_fail', 'SCHEDULED', 'FAILED', now(), now(), "
                        + "'{\"date\": \"2026-03-13\"}', 'diagnostic failure') RETURNING id")
                .fetchOne(0, Long.class);
        MainWindow w = open(OPERATOR, new Texts(Texts.TURKISH));
        robot.clickOn("#nav-history");
        RunHistoryView history = (RunHistoryView) w.currentScreen();
        await("the failed run listed", () -> history.table().getItems().stream()
                .anyMatch(l -> l.run().id() == failed));
        robot.interact(() -> history.table().getItems().stream()
                .filter(l -> l.run().id() == failed)
                .findFirst()
                .ifPresent(l -> history.table().getSelectionModel().select(l)));
        assertThat(text("#detail-error")).isEqualTo("diagnostic failure");
        robot.clickOn("#history-rerun");
        await(
                "a MANUAL diag_fail run with date=2026-03-13",
                () -> db.dsl()
                                .fetchCount(
                                        db.dsl()
                                                .selectFrom("job_runs")
                                                .where(
                                                        "job_id = 'diag_fail' AND trigger_kind = 'MANUAL' AND parameters ->> 'date' = '2026-03-13'"))
                        > 0);
    }

    @Test
    void a_viewer_sees_the_actions_disabled_and_cannot_insert_a_command_by_sql() throws Exception {
        MainWindow w = open(VIEWER, new Texts(Texts.TURKISH));
        robot.clickOn("#nav-jobs");
        select(jobsTable(), "audit_archive_daily");
        for (String id : List.of("#jobs-pause", "#jobs-resume", "#jobs-run-now", "#jobs-run-for-date")) {
            assertThat(robot.lookup(id).queryAs(Button.class).isDisabled())
                    .as(id)
                    .isTrue();
        }
        robot.clickOn("#nav-history");
        assertThat(robot.lookup("#history-rerun").queryAs(Button.class).isDisabled())
                .isTrue();
        ConsoleSession viewer =
                ConsoleSession.open(new ConnectionSettings(settings.jdbcUrl(), VIEWER, Optional.empty()));
        windows.add(viewer);
        assertThat(viewer.role()).isEqualTo(Role.VIEWER);
        assertThatThrownBy(
                        () -> viewer.dsl()
                                .execute(
                                        "INSERT INTO operator_commands (command, target) VALUES ('PAUSE', 'audit_archive_daily')"))
                .hasStackTraceContaining("permission denied");
        assertThat(w).isNotNull();
    }

    @Test
    void the_app_connects_from_the_environment_and_switching_to_english_changes_every_label() throws Exception {
        Texts tr = new Texts(Texts.TURKISH);
        Texts en = new Texts(Texts.ENGLISH);
        Set<String> turkishOnly = new HashSet<>();
        for (String key : java.util.ResourceBundle.getBundle("com.aliaport.ops.console.messages", Texts.TURKISH)
                .keySet()) {
            if (!tr.get(key).equals(en.get(key)) && !tr.get(key).contains("{")) {
                turkishOnly.add(tr.get(key));
            }
        }
        java.util.Locale system = java.util.Locale.getDefault();
        java.util.Locale.setDefault(Texts.TURKISH);
        ConsoleApp.launch = new ConsoleApp.Launch(
                Map.of("ALIAPORT_DB_URL", settings.jdbcUrl(), "ALIAPORT_DB_USER", OPERATOR),
                Files.createTempDirectory("console-home"),
                Optional.empty());
        javafx.application.Application app = FxToolkit.setupApplication(ConsoleApp.class);
        try {
            await("the main window", () -> robot.lookup("#main").tryQuery().isPresent());
            assertThat(stage.getTitle()).contains("Aliaport").contains(OPERATOR);
            assertThat(labels(stage.getScene().getRoot())).contains("Genel bakış", "İşler", "Çalışma geçmişi");
            // The lookup may also meet a node of a window already closed (no scene): click the shown one.
            java.util.function.Predicate<javafx.scene.Node> shown = n -> n.getScene() != null
                    && n.getScene().getWindow() != null
                    && n.getScene().getWindow().isShowing();
            await("the language switch on the shown window", () -> robot.lookup("#switch-language")
                    .match(shown)
                    .tryQuery()
                    .isPresent());
            robot.clickOn(robot.lookup("#switch-language").match(shown).<javafx.scene.Node>query());
            await("the window in English", () -> robot.lookup("#nav-overview")
                    .queryAs(Labeled.class)
                    .getText()
                    .equals("Overview"));
            for (String nav : List.of(
                    "#nav-overview", "#nav-jobs", "#nav-history", "#nav-rates", "#nav-reports", "#nav-archive")) {
                robot.clickOn(nav);
                WaitForAsyncUtils.waitForFxEvents();
                assertThat(labels(stage.getScene().getRoot()))
                        .as("labels after " + nav)
                        .isNotEmpty()
                        .noneMatch(turkishOnly::contains);
            }
        } finally {
            FxToolkit.cleanupApplication(app);
            java.util.Locale.setDefault(system);
            ConsoleApp.launch = null;
        }
    }

    @Test
    void the_jar_connects_from_the_environment_writes_every_screenshot_and_keeps_its_class_cache() throws Exception {
        Path dir = Files.createTempDirectory("console-shots");
        Path cache = Files.createTempDirectory("console-cache");
        Path jar = Path.of(System.getProperty("aliaport.console.jar", "target/aliaport-console.jar"));
        assertThat(jar).exists();
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dglass.platform=Headless",
                "-Dprism.order=sw",
                "-jar",
                jar.toString(),
                "--screenshots",
                dir.toString());
        pb.environment().put("ALIAPORT_DB_URL", settings.jdbcUrl());
        pb.environment().put("ALIAPORT_DB_USER", OPERATOR);
        pb.environment().remove("ALIAPORT_DB_PASSWORD");
        pb.environment().remove("ALIAPORT_CONSOLE_CLASS_CACHE");
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("console finished").isTrue();
        assertThat(p.exitValue())
                .as(Files.readString(dir.resolve("console.log")))
                .isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".png")))
                    .hasSize(32)
                    .contains(
                            "console-overview-tr-light.png",
                            "console-history-en-dark.png",
                            "console-rates-anomalies-en-light.png",
                            "console-reports-tr-dark.png",
                            "console-reports-form-en-light.png",
                            "console-archive-en-light.png");
        }
        // The jar restarted itself with a class-data-sharing archive, written when that JVM ended.
        try (var files = Files.list(cache.resolve("aliaport"))) {
            assertThat(files.filter(f -> f.getFileName().toString().matches("console-\\d+-\\w+\\.jsa")))
                    .singleElement()
                    .satisfies(f -> assertThat(Files.size(f)).isGreaterThan(1_000_000));
        }
    }

    @Test
    void rejecting_an_anomaly_from_the_console_changes_what_the_api_answers() throws Exception {
        db.dsl().execute("""
                INSERT INTO kurlar (tarih, doviz_kodu, birim, doviz_adi, currency_name, alis, satis, kaynak, bulten_no)
                VALUES (DATE '2026-03-12', 'USD', 1, 'ABD DOLARI', 'US DOLLAR', 36.5000, 36.6000, 'TCMB', '2026/49'),
                       (DATE '2026-03-13', 'USD', 1, 'ABD DOLARI', 'US DOLLAR', 42.9000, 43.0000, 'TCMB', '2026/50'),
                       (DATE '2026-03-12', 'EUR', 1, 'EURO', 'EURO', 39.8000, 39.9000, 'TCMB', '2026/49'),
                       (DATE '2026-03-13', 'EUR', 1, 'EURO', 'EURO', 46.1000, 46.2000, 'TCMB', '2026/50')
                ON CONFLICT DO NOTHING""");
        long usd = anomaly("USD");
        long eur = anomaly("EUR");
        MainWindow w = open(OPERATOR, new Texts(Texts.ENGLISH));
        robot.clickOn("#nav-rates");
        com.aliaport.ops.console.rates.RatesView rates = (com.aliaport.ops.console.rates.RatesView) w.currentScreen();
        robot.interact(rates::showAnomalies);
        TableView<com.aliaport.ops.exchangerate.AnomalyView> table = rates.anomaliesTable();
        await("both anomalies listed", () -> table.getItems().size() >= 2);

        chooseAnomaly(table, eur);
        robot.clickOn("#anomaly-accept");
        await("EUR accepted", () -> "ACCEPTED".equals(anomalyStatus(eur)));

        chooseAnomaly(table, usd);
        assertThat(robot.lookup("#anomaly-reject").queryAs(Button.class).isDisabled())
                .as("no note yet")
                .isTrue();
        robot.clickOn("#anomaly-note").write("TCMB düzeltme bülteni bekleniyor");
        robot.clickOn("#anomaly-reject");
        await("USD rejected", () -> "REJECTED".equals(anomalyStatus(usd)));
        assertThat(db.dsl().fetchValue("SELECT decided_by FROM kur_anomalies WHERE id = " + usd))
                .isEqualTo(OPERATOR);
        await("the API answers the previous USD rate", () -> {
            String body = daemon.get("/api/kurlar?tarih=2026-03-13").body();
            return body.contains("rejected_rate_skipped") && body.contains("36.5");
        });
        assertThat(daemon.get("/api/kurlar?tarih=2026-03-13").body()).contains("46.1");
    }

    private long anomaly(String currency) {
        return db.dsl()
                .resultQuery(
                        "INSERT INTO kur_anomalies (tarih, doviz_kodu, onceki_tarih, onceki_alis, yeni_alis, "
                                + "degisim_orani) SELECT DATE '2026-03-13', {0}, DATE '2026-03-12', p.alis, n.alis, "
                                + "(n.alis - p.alis) / p.alis FROM kurlar p JOIN kurlar n ON n.doviz_kodu = p.doviz_kodu "
                                + "WHERE p.tarih = DATE '2026-03-12' AND n.tarih = DATE '2026-03-13' AND p.doviz_kodu = {0} "
                                + "RETURNING id",
                        currency)
                .fetchOne(0, Long.class);
    }

    private String anomalyStatus(long id) {
        return String.valueOf(db.dsl().fetchValue("SELECT status FROM kur_anomalies WHERE id = " + id));
    }

    private void chooseAnomaly(TableView<com.aliaport.ops.exchangerate.AnomalyView> table, long id) throws Exception {
        await("anomaly " + id + " listed", () -> table.getItems().stream().anyMatch(a -> a.id() == id));
        robot.interact(() -> table.getItems().stream()
                .filter(a -> a.id() == id)
                .findFirst()
                .ifPresent(a -> table.getSelectionModel().select(a)));
    }

    @Test
    void the_report_desk_cancels_a_waiting_report_and_requeues_a_dead_lettered_one() throws Exception {
        var submitted = DaemonNode.cli(
                settings,
                Map.of(),
                "reports",
                "submit",
                "barinma",
                "--param",
                "date_from=2026-01-01",
                "--param",
                "date_to=2026-01-31");
        assertThat(submitted.exitCode()).as(submitted.stderr()).isZero();
        java.util.UUID waiting = submitted.submittedTaskId();
        var second = DaemonNode.cli(
                settings,
                Map.of(),
                "reports",
                "submit",
                "barinma",
                "--param",
                "date_from=2026-02-01",
                "--param",
                "date_to=2026-02-28");
        java.util.UUID dead = second.submittedTaskId();
        db.dsl()
                .execute("UPDATE report_tasks SET state = 'FAILURE', dead_lettered = true, attempts = max_attempts, "
                        + "error = 'builder failed 4 times', finished_at = now() WHERE id = '" + dead + "'");

        MainWindow w = open(OPERATOR, new Texts(Texts.TURKISH));
        robot.clickOn("#nav-reports");
        com.aliaport.ops.console.reports.ReportsView desk =
                (com.aliaport.ops.console.reports.ReportsView) w.currentScreen();
        TableView<com.aliaport.ops.reportqueue.DeskTask> tasks = desk.table();
        await("both tasks on the desk", () -> tasks.getItems().stream()
                .map(com.aliaport.ops.reportqueue.DeskTask::id)
                .toList()
                .containsAll(List.of(waiting, dead)));

        chooseTask(tasks, dead);
        assertThat(robot.lookup("#reports-cancel").queryAs(Button.class).isDisabled())
                .as("a finished task")
                .isTrue();
        robot.clickOn("#reports-requeue");
        await("the dead-lettered task queued again", () -> !"FAILURE".equals(taskState(dead)));
        await("the desk shows it waiting again, live", () -> tasks.getItems().stream()
                .anyMatch(d -> d.id().equals(dead) && !d.deadLettered()));

        chooseTask(tasks, waiting);
        robot.clickOn("#reports-cancel");
        await("the waiting task cancelled", () -> "CANCELLED".equals(taskState(waiting)));
        await("the desk shows it cancelled, live", () -> tasks.getItems().stream()
                .anyMatch(d ->
                        d.id().equals(waiting) && d.state() == com.aliaport.ops.reportqueue.ReportState.CANCELLED));
        // The command's end and its audit row commit together, just after the cancel itself.
        await(
                "the cancel audited with the operator's login",
                () -> OPERATOR.equals(String.valueOf(db.dsl()
                        .fetchValue("SELECT user_id FROM audit_events WHERE event_type = 'report.cancelled' "
                                + "ORDER BY id DESC LIMIT 1"))));
    }

    private String taskState(java.util.UUID id) {
        return String.valueOf(db.dsl().fetchValue("SELECT state FROM report_tasks WHERE id = '" + id + "'"));
    }

    private void chooseTask(TableView<com.aliaport.ops.reportqueue.DeskTask> table, java.util.UUID id)
            throws Exception {
        robot.interact(() -> table.getItems().stream()
                .filter(d -> d.id().equals(id))
                .findFirst()
                .ifPresent(d -> table.getSelectionModel().select(d)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void a_viewer_may_not_decide_anomalies_or_touch_reports_in_the_ui_or_in_sql() throws Exception {
        MainWindow w = open(VIEWER, new Texts(Texts.ENGLISH));
        robot.clickOn("#nav-rates");
        com.aliaport.ops.console.rates.RatesView rates = (com.aliaport.ops.console.rates.RatesView) w.currentScreen();
        robot.interact(rates::showAnomalies);
        robot.interact(() -> {
            if (!rates.anomaliesTable().getItems().isEmpty()) {
                rates.anomaliesTable().getSelectionModel().select(0);
            }
        });
        assertThat(robot.lookup("#anomaly-accept").queryAs(Button.class).isDisabled())
                .isTrue();
        assertThat(robot.lookup("#anomaly-reject").queryAs(Button.class).isDisabled())
                .isTrue();
        robot.clickOn("#nav-reports");
        assertThat(robot.lookup("#reports-cancel").queryAs(Button.class).isDisabled())
                .isTrue();
        assertThat(robot.lookup("#reports-requeue").queryAs(Button.class).isDisabled())
                .isTrue();
        ConsoleSession viewer =
                ConsoleSession.open(new ConnectionSettings(settings.jdbcUrl(), VIEWER, Optional.empty()));
        windows.add(viewer);
        assertThatThrownBy(() -> viewer.dsl().execute("SELECT aliaport_decide_anomaly(1, 'ACCEPT', 'x')"))
                .hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> viewer.dsl()
                        .execute("INSERT INTO operator_commands (command, target) "
                                + "VALUES ('CANCEL_REPORT', '00000000-0000-0000-0000-000000000000')"))
                .hasStackTraceContaining("permission denied");
    }

    @Test
    void the_archive_screen_shows_sql_s_sizes_and_archives_now_through_the_cluster() throws Exception {
        MainWindow w = open(OPERATOR, new Texts(Texts.ENGLISH));
        robot.clickOn("#nav-archive");
        long live = db.dsl().fetchCount(db.dsl().selectFrom("audit_events"));
        await("live rows = " + live, () -> text("#archive-live")
                .startsWith(String.format(java.util.Locale.UK, "%,d rows", live)));
        long before = db.dsl().fetchCount(db.dsl().selectFrom("job_runs").where("job_id = 'audit_archive_daily'"));
        robot.clickOn("#archive-run-now");
        await(
                "a MANUAL archive run",
                () -> db.dsl()
                                .fetchCount(db.dsl()
                                        .selectFrom("job_runs")
                                        .where("job_id = 'audit_archive_daily' AND trigger_kind = 'MANUAL'"))
                        > 0);
        assertThat(db.dsl().fetchCount(db.dsl().selectFrom("job_runs").where("job_id = 'audit_archive_daily'")))
                .isGreaterThan((int) before);
        assertThat(w).isNotNull();
    }

    private static List<String> labels(Parent root) {
        List<String> texts = new ArrayList<>();
        collect(root, texts);
        return texts;
    }

    private static void collect(Node node, List<String> texts) {
        if (node instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
            texts.add(l.getText());
        }
        if (node instanceof javafx.scene.control.TableView<?> t) {
            t.getColumns().forEach(c -> texts.add(c.getText()));
        }
        if (node instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, texts));
        }
    }

    @SuppressWarnings("unchecked")
    private TableView<JobRow> jobsTable() {
        return robot.lookup("#jobs-table").queryAs(TableView.class);
    }

    private void select(TableView<JobRow> table, String jobId) throws Exception {
        await(jobId + " listed", () -> table.getItems().stream().anyMatch(r -> r.id().equals(jobId)));
        robot.interact(() -> table.getItems().stream()
                .filter(r -> r.id().equals(jobId))
                .findFirst()
                .ifPresent(r -> table.getSelectionModel().select(r)));
    }

    private String text(String query) {
        Node n = robot.lookup(query).query();
        return n instanceof javafx.scene.control.TextInputControl t ? t.getText() : ((Labeled) n).getText();
    }

    private static boolean pausedInJson(String json, String jobId) {
        String flat = json.replaceAll("\\s", "");
        int at = flat.indexOf("\"id\":\"" + jobId + "\"");
        int end = flat.indexOf('}', at);
        return at >= 0 && flat.substring(at, end < 0 ? flat.length() : end).contains("\"paused\":true");
    }

    @Test
    void a_lost_connection_shows_the_banner_keeps_the_data_and_reconnects_by_itself() throws Exception {
        MainWindow w = open(OPERATOR, new Texts(Texts.ENGLISH));
        javafx.scene.control.Label banner =
                robot.lookup("#connection-banner").queryAs(javafx.scene.control.Label.class);
        assertThat(banner.isVisible()).isFalse();
        var shown = w.overviewModel().overview().get();
        assertThat(shown).isNotNull();

        // The database throws the console out and lets it back in only later: every connection of its login dies.
        TestPostgres.admin("ALTER ROLE " + OPERATOR + " NOLOGIN");
        try {
            TestPostgres.admin(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + OPERATOR + "'");
            await("the banner", () -> robotVisible(banner));
            assertThat(banner.getText()).startsWith("Connection to the database lost");
            // Nothing froze, and the screens keep their last data while the console waits.
            robot.interact(() -> w.show(1));
            robot.interact(() -> w.show(0));
            assertThat(w.overviewModel().overview().get()).isSameAs(shown);
        } finally {
            TestPostgres.admin("ALTER ROLE " + OPERATOR + " LOGIN");
        }
        await("the banner gone after reconnecting", () -> !robotVisible(banner));
        await("the overview read again", () -> w.overviewModel().overview().get() != shown);
    }

    private boolean robotVisible(javafx.scene.Node node) {
        java.util.concurrent.atomic.AtomicBoolean visible = new java.util.concurrent.atomic.AtomicBoolean();
        robot.interact(() -> visible.set(node.isVisible()));
        return visible.get();
    }

    private static void await(String what, Supplier<Boolean> done) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS, () -> done.get());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
        }
    }
}
