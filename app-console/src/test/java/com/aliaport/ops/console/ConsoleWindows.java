package com.aliaport.ops.console;

import com.aliaport.ops.console.connect.ConsoleSession;
import com.aliaport.ops.console.fx.FxUi;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Theme;
import com.aliaport.ops.console.live.LiveEvents;
import com.aliaport.ops.console.live.PgNotifications;
import com.aliaport.ops.console.shell.ConsoleContext;
import com.aliaport.ops.console.shell.MainWindow;
import com.aliaport.ops.db.ConnectionSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Scene;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console's window on the TestFX stage, signed in as a login and wired as {@link ConsoleApp} wires it (the
 * session, the background helper, the listening connection driving the banner), and what a test opened beside it:
 * all closed, last first, by {@link #close()} after each test.
 */
final class ConsoleWindows implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final FxRobot robot;
    private final List<AutoCloseable> open = new ArrayList<>();

    ConsoleWindows(FxRobot robot) {
        this.robot = robot;
    }

    /** The main window on the primary stage, its first reads done. */
    MainWindow open(ConnectionSettings database, String login, Texts texts) throws Exception {
        ConnectionSettings as = new ConnectionSettings(database.jdbcUrl(), login, Optional.empty());
        ConsoleSession session = ConsoleSession.open(as);
        FxUi ui = new FxUi();
        PgNotifications notifications = new PgNotifications(as, ConsoleApp.CHANNELS).start();
        LiveEvents live = new LiveEvents(ui).attach(notifications);
        add(session);
        add(ui);
        add(notifications);
        AtomicReference<MainWindow> window = new AtomicReference<>();
        notifications.onConnectionChange(
                (up, reason) -> Platform.runLater(() -> window.get().connection(up, reason)));
        FxToolkit.setupStage(s -> {
            MainWindow w = new MainWindow(new ConsoleContext(session, ui, live, texts, Clock.systemUTC()));
            Scene scene = new Scene(w.root(), 1000, 760);
            Theme.LIGHT.apply(scene);
            s.setScene(scene);
            s.show();
            window.set(w);
        });
        add(() -> robot.interact(window.get()::stop));
        try {
            WaitForAsyncUtils.waitFor(
                    PATIENCE.toSeconds(), TimeUnit.SECONDS, () -> !window.get().loading());
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + PATIENCE + " waiting for the window's first reads");
        }
        return window.get();
    }

    /** Closed with the window, after the test. */
    void add(AutoCloseable resource) {
        open.add(resource);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        open.clear();
    }
}
