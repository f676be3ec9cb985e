package com.aliaport.ops.console;

import com.aliaport.ops.console.connect.ConnectionSource;
import com.aliaport.ops.console.connect.ConsoleSession;
import com.aliaport.ops.console.connect.ProfileStore;
import com.aliaport.ops.console.connect.SignInDialog;
import com.aliaport.ops.console.fx.ErrorDialogs;
import com.aliaport.ops.console.fx.FxUi;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Theme;
import com.aliaport.ops.console.live.LiveEvents;
import com.aliaport.ops.console.live.PgNotifications;
import com.aliaport.ops.console.shell.ConsoleContext;
import com.aliaport.ops.console.shell.MainWindow;
import com.aliaport.ops.db.ConnectionSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JavaFX application: connect (from the environment, the embedded daemon, or the sign-in dialog), then the window. */
public final class ConsoleApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(ConsoleApp.class);
    static final List<String> CHANNELS = List.of("job_runs", "operator_commands", "report_progress");

    /** What main hands over to the application (JavaFX constructs it with no arguments). */
    public record Launch(Map<String, String> env, Path userHome, Optional<Path> screenshots) {
        /**
         * With the connection in the environment, opens the session on its own thread at once, so that the
         * database's first round trips and the data classes' loading overlap the toolkit's start.
         */
        CompletableFuture<ConsoleSession> early() {
            return early.computeIfAbsent(this, l -> {
                ConnectionSource source = ConnectionSource.from(env, userHome);
                if (source.kind() != ConnectionSource.Kind.ENVIRONMENT) {
                    return CompletableFuture.failedFuture(
                            new IllegalStateException("no connection in the environment"));
                }
                java.util.concurrent.Executor thread = r ->
                        Thread.ofPlatform().name("console-connect").daemon(true).start(r);
                CompletableFuture<ConsoleSession> session = CompletableFuture.supplyAsync(
                        () -> ConsoleSession.open(source.settings().get()), thread);
                // The overview's query once while the toolkit starts: its first real read then finds jOOQ loaded
                // and the statements planned. Its answer is dropped; a failure here is the real read's to report.
                session.thenAcceptAsync(ConsoleApp::warmUp, thread);
                return session;
            });
        }
    }

    private static void warmUp(ConsoleSession session) {
        try {
            new com.aliaport.ops.console.overview.OverviewService(session.dsl(), Clock.systemUTC()).read();
        } catch (RuntimeException ignored) {
            // the overview's own read reports it
        }
    }

    private static final Map<Launch, CompletableFuture<ConsoleSession>> early =
            new java.util.concurrent.ConcurrentHashMap<>();

    static volatile Launch launch;

    private static final double WIDTH = 1360;
    private static final double HEIGHT = 820;

    private final FxUi ui = new FxUi();
    private Texts texts = Texts.ofSystem();
    private Theme theme = Theme.LIGHT;
    private Stage stage;
    private Scene scene;
    private ConsoleSession session;
    private PgNotifications notifications;
    private LiveEvents live;
    private MainWindow window;
    private boolean readyLogged;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        Launch l = launch != null
                ? launch
                : new Launch(System.getenv(), Path.of(System.getProperty("user.home")), Optional.empty());
        ErrorDialogs.install(texts);
        Label connecting = new Label(texts.get("connecting"));
        boolean shots = l.screenshots().isPresent();
        // The screenshots' size is the window's: at it every screen's columns show their words whole side by side.
        // A smaller screen gets the room it has (the tables then scroll sideways rather than cut words).
        javafx.geometry.Rectangle2D room = javafx.stage.Screen.getPrimary().getVisualBounds();
        scene = new Scene(
                new StackPane(connecting),
                shots ? WIDTH : Math.min(WIDTH, room.getWidth()),
                shots ? HEIGHT : Math.min(HEIGHT, room.getHeight()));
        theme.apply(scene);
        stage.setScene(scene);
        stage.setTitle("Aliaport Ops");
        if (l.screenshots().isEmpty()) {
            stage.show();
        }
        ConnectionSource source = ConnectionSource.from(l.env(), l.userHome());
        ProfileStore profiles = ProfileStore.inHome(l.userHome());
        switch (source.kind()) {
            case ENVIRONMENT -> connect(source.settings().get(), profiles, l, l.early()::join);
            case EMBEDDED_DAEMON -> ask(profiles, source.settings(), "", l);
            case ASK -> ask(profiles, Optional.empty(), "", l);
        }
    }

    private void ask(ProfileStore profiles, Optional<ConnectionSettings> offered, String problem, Launch l) {
        Optional<ConnectionSettings> chosen = SignInDialog.ask(texts, profiles, offered, problem);
        if (chosen.isEmpty()) {
            Platform.exit();
            return;
        }
        connect(chosen.get(), profiles, l, () -> ConsoleSession.open(chosen.get()));
    }

    private void connect(
            ConnectionSettings settings,
            ProfileStore profiles,
            Launch l,
            java.util.function.Supplier<ConsoleSession> open) {
        ui.background(
                open::get,
                opened -> {
                    session = opened;
                    notifications = new PgNotifications(settings, CHANNELS).start();
                    live = new LiveEvents(ui).attach(notifications);
                    notifications.onConnectionChange((up, reason) -> ui.later(() -> window.connection(up, reason)));
                    build();
                    if (l.screenshots().isPresent()) {
                        new Screenshots(this, l.screenshots().get()).takeAll();
                    }
                },
                e -> {
                    log.warn("cannot connect to {}: {}", settings.jdbcUrl(), e.getMessage());
                    if (l.screenshots().isPresent()) {
                        System.err.println("cannot connect: " + e.getMessage());
                        Platform.exit();
                        System.exit(1);
                    }
                    ask(profiles, Optional.of(settings), texts.format("signin.failed", e.getMessage()), l);
                });
    }

    void build() {
        if (window != null) {
            window.stop();
            live.clear();
        }
        window = new MainWindow(new ConsoleContext(session, ui, live, texts, Clock.systemUTC()));
        window.onLanguage(() -> language(texts.other()));
        window.onTheme(() -> theme(theme.other()));
        // The title first: whoever sees the window's content sees whose and which database's it is.
        stage.setTitle(texts.format("window.title", session.user(), session.where()));
        scene.setRoot(window.root());
        theme.apply(scene);
        if (Boolean.getBoolean("aliaport.console.readyLog")) {
            // bench/console.sh: process start to the overview showing data (its view's listener ran first).
            window.overviewModel().overview().addListener((o, old, now) -> {
                if (now != null && !readyLogged) {
                    readyLogged = true;
                    System.out.println("overview-ready " + (System.currentTimeMillis() - ClassCache.startedAt()));
                }
            });
        }
    }

    void language(Texts next) {
        texts = next;
        build();
    }

    void theme(Theme next) {
        theme = next;
        theme.apply(scene);
    }

    MainWindow window() {
        return window;
    }

    Scene scene() {
        return scene;
    }

    Texts texts() {
        return texts;
    }

    @Override
    public void stop() {
        if (notifications != null) {
            notifications.close();
        }
        if (session != null) {
            session.close();
        }
        ui.close();
    }
}
