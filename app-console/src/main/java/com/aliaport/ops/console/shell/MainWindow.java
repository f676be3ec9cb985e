package com.aliaport.ops.console.shell;

import com.aliaport.ops.console.archive.ArchiveService;
import com.aliaport.ops.console.archive.ArchiveView;
import com.aliaport.ops.console.commands.CommandModel;
import com.aliaport.ops.console.commands.CommandService;
import com.aliaport.ops.console.fx.ErrorDialogs;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Theme;
import com.aliaport.ops.console.fx.Times;
import com.aliaport.ops.console.history.RunHistoryModel;
import com.aliaport.ops.console.history.RunHistoryView;
import com.aliaport.ops.console.jobs.JobsModel;
import com.aliaport.ops.console.jobs.JobsService;
import com.aliaport.ops.console.jobs.JobsView;
import com.aliaport.ops.console.overview.OverviewModel;
import com.aliaport.ops.console.overview.OverviewService;
import com.aliaport.ops.console.overview.OverviewView;
import com.aliaport.ops.console.rates.RatesModel;
import com.aliaport.ops.console.rates.RatesService;
import com.aliaport.ops.console.rates.RatesView;
import com.aliaport.ops.console.reports.DownloadModel;
import com.aliaport.ops.console.reports.NewReportModel;
import com.aliaport.ops.console.reports.ReportDownloadService;
import com.aliaport.ops.console.reports.ReportFormService;
import com.aliaport.ops.console.reports.ReportsModel;
import com.aliaport.ops.console.reports.ReportsView;
import com.aliaport.ops.exchangerate.AnomalyDecisions;
import com.aliaport.ops.exchangerate.ExchangeRateHistory;
import com.aliaport.ops.jobrun.JobRunSearch;
import com.aliaport.ops.operatorcommand.OperatorCommands;
import com.aliaport.ops.operatorcommand.ReportLinkStore;
import com.aliaport.ops.reportqueue.ReportDesk;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The window's content: navigation on the left, the current screen, the connection banner on top, the user,
 * role, language and theme in the header, the time zone in the status bar. Built anew when the language changes.
 */
public final class MainWindow {
    private final ConsoleContext ctx;
    private final BorderPane root = new BorderPane();
    private final Label banner = new Label();
    private final List<Slot> slots;
    private final Screen[] built;
    private final List<ToggleButton> navButtons;
    private final OverviewView overview;
    private final OverviewModel overviewModel;
    private final Label lastError = new Label();
    private int current = -1;
    private Runnable onLanguage = () -> {};
    private Runnable onTheme = () -> {};

    /** A screen's name in the navigation and how to build it. */
    private record Slot(String titleKey, Supplier<Screen> build) {}

    public MainWindow(ConsoleContext ctx) {
        this.ctx = ctx;
        Texts t = ctx.texts();
        Consumer<Throwable> onError = this::backgroundError;
        CommandModel commands = new CommandModel(
                new CommandService(new OperatorCommands(ctx.session().dsl()), Duration.ofSeconds(3)), ctx.ui(), t);
        overviewModel =
                new OverviewModel(new OverviewService(ctx.session().dsl(), ctx.clock()), ctx.ui(), ctx.live(), onError);
        overview = new OverviewView(overviewModel, t, this::show);
        slots = List.of(
                new Slot("nav.overview", () -> overview),
                new Slot(
                        "nav.jobs",
                        () -> new JobsView(
                                new JobsModel(
                                        new JobsService(ctx.session().dsl(), ctx.clock()),
                                        ctx.ui(),
                                        ctx.live(),
                                        onError),
                                commands,
                                t,
                                ctx.session().role())),
                new Slot("nav.history", () -> history(commands, onError)),
                new Slot(
                        "nav.rates",
                        () -> new RatesView(
                                new RatesModel(
                                        new RatesService(new ExchangeRateHistory(
                                                ctx.session().dsl())),
                                        new AnomalyDecisions(ctx.session().dsl()),
                                        ctx.ui(),
                                        ctx.live(),
                                        t,
                                        Times.ISTANBUL,
                                        onError),
                                t,
                                ctx.session().role())),
                new Slot("nav.reports", () -> reports(commands, onError)),
                new Slot(
                        "nav.archive",
                        () -> new ArchiveView(
                                new ArchiveService(ctx.session().dsl()),
                                commands,
                                ctx.ui(),
                                ctx.live(),
                                t,
                                ctx.session().role(),
                                onError)));
        built = new Screen[slots.size()];

        ToggleGroup group = new ToggleGroup();
        navButtons = slots.stream()
                .map(s -> {
                    ToggleButton b = new ToggleButton(t.get(s.titleKey()));
                    b.setId("nav-" + s.titleKey().substring("nav.".length()));
                    b.setToggleGroup(group);
                    b.setMaxWidth(Double.MAX_VALUE);
                    b.getStyleClass().add("nav-button");
                    b.setOnAction(e -> show(slots.indexOf(s)));
                    return b;
                })
                .toList();
        VBox nav = new VBox(4);
        nav.getChildren().addAll(navButtons);
        nav.setPadding(new Insets(12, 8, 12, 8));
        nav.setPrefWidth(190);
        nav.getStyleClass().add("nav");

        Label title = new Label("Aliaport Ops");
        title.getStyleClass().add("app-title");
        Label who = new Label(t.format(
                "header.user",
                ctx.session().user(),
                t.get("role." + ctx.session().role()),
                ctx.session().where()));
        who.setId("header-user");
        who.getStyleClass().add("muted");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button language = new Button(t.get("header.language"));
        language.setId("switch-language");
        language.setOnAction(e -> onLanguage.run());
        Button theme = new Button(t.get("header.theme"));
        theme.setId("switch-theme");
        theme.setOnAction(e -> onTheme.run());
        Button refresh = new Button(t.get("header.refresh"));
        refresh.setId("refresh");
        refresh.setOnAction(e -> refresh());
        HBox header = new HBox(12, title, who, gap, refresh, language, theme);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(8, 12, 8, 12));
        header.getStyleClass().add("header");

        banner.setId("connection-banner");
        banner.getStyleClass().add("banner");
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.setVisible(false);
        banner.setManaged(false);
        VBox top = new VBox(header, banner);

        Label zone = new Label(t.get("status.zone"));
        zone.getStyleClass().add("muted");
        lastError.setId("last-error");
        lastError.getStyleClass().add("muted");
        Region gap2 = new Region();
        HBox.setHgrow(gap2, Priority.ALWAYS);
        HBox status = new HBox(12, zone, gap2, lastError);
        status.setPadding(new Insets(4, 12, 4, 12));
        status.getStyleClass().add("status-bar");

        root.setTop(top);
        root.setLeft(nav);
        root.setBottom(status);
        root.setId("main");
        installShortcuts();
        show(0);
    }

    /** The report desk: its list, the new-report form and downloads (those two through the command channel). */
    private Screen reports(CommandModel commands, Consumer<Throwable> onError) {
        Texts t = ctx.texts();
        CommandService reportCommands =
                new CommandService(new OperatorCommands(ctx.session().dsl()), Duration.ofSeconds(10));
        return new ReportsView(
                new ReportsModel(new ReportDesk(ctx.session().dsl()), ctx.ui(), ctx.live(), Times.ISTANBUL, onError),
                new NewReportModel(new ReportFormService(ctx.session().dsl(), reportCommands), ctx.ui(), t, onError),
                new DownloadModel(
                        new ReportDownloadService(
                                reportCommands,
                                new ReportLinkStore(ctx.session().dsl())),
                        ctx.ui(),
                        t),
                commands,
                t,
                ctx.session().role());
    }

    /** The run history reads through its model's filter (apply), not a plain refresh. */
    private Screen history(CommandModel commands, Consumer<Throwable> onError) {
        JobRunSearch search = new JobRunSearch(ctx.session().dsl());
        RunHistoryModel model = new RunHistoryModel(search, ctx.ui(), ctx.live(), Times.ISTANBUL, onError);
        return new RunHistoryView(
                model, commands, search, ctx.ui(), ctx.texts(), ctx.session().role());
    }

    private void installShortcuts() {
        root.sceneProperty().addListener((o, old, scene) -> {
            if (scene == null) {
                return;
            }
            for (int i = 0; i < slots.size(); i++) {
                int index = i;
                scene.getAccelerators()
                        .put(
                                new KeyCodeCombination(
                                        KeyCode.valueOf("DIGIT" + (i + 1)), KeyCombination.SHORTCUT_DOWN),
                                () -> show(index));
            }
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), this::refresh);
            scene.getAccelerators()
                    .put(
                            new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN),
                            () -> built[current].focusSearch());
        });
    }

    public void show(int index) {
        Screen screen = screen(index);
        current = index;
        root.setCenter(screen.view());
        navButtons.get(index).setSelected(true);
    }

    /**
     * The screen at {@code index}, built (and reading its data) the first time it is asked for: at start only
     * the overview exists, so the first picture is not waiting for five other screens' classes and queries.
     */
    public Screen screen(int index) {
        if (built[index] == null) {
            built[index] = slots.get(index).build().get();
            built[index].refresh();
        }
        return built[index];
    }

    public int screenCount() {
        return slots.size();
    }

    public void refresh() {
        built[current].refresh();
    }

    /** The connection banner: shown while the database does not answer; the screens keep their last data. */
    public void connection(boolean up, String reason) {
        banner.setText(up ? "" : ctx.texts().format("banner.lost", reason));
        banner.setVisible(!up);
        banner.setManaged(!up);
        if (up) {
            lastError.setText("");
        }
    }

    private void backgroundError(Throwable e) {
        // A read that failed because the database went away is the banner's business, not a dialog's.
        if (banner.isVisible() || com.aliaport.ops.console.connect.ConsoleSession.isConnectionLoss(e)) {
            lastError.setText(ctx.texts().format("status.readFailed", CommandModel.rootMessage(e)));
            return;
        }
        ErrorDialogs.show(ctx.texts(), e);
    }

    public void onLanguage(Runnable r) {
        this.onLanguage = r;
    }

    public void onTheme(Runnable r) {
        this.onTheme = r;
    }

    public Parent root() {
        return root;
    }

    public Screen currentScreen() {
        return built[current];
    }

    /** The overview's state (the start-up benchmark's ready hook watches it). */
    public OverviewModel overviewModel() {
        return overviewModel;
    }

    public boolean loading() {
        return java.util.Arrays.stream(built).anyMatch(s -> s != null && s.loading());
    }

    public void stop() {
        overview.stop();
    }

    /** Applies a theme to the window's scene. */
    public static void theme(javafx.scene.Scene scene, Theme theme) {
        theme.apply(scene);
    }
}
