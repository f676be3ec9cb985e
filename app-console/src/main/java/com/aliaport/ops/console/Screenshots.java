package com.aliaport.ops.console;

import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Theme;
import com.aliaport.ops.console.history.RunHistoryView;
import com.aliaport.ops.jobrun.JobRunStatus;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.util.Duration;
import javax.imageio.ImageIO;

/** {@code --screenshots DIR}: each screen, in Turkish and English, light and dark, as PNG; then exits. */
final class Screenshots {
    private record Shot(Texts texts, Theme theme, int screen) {}

    private final ConsoleApp app;
    private final Path dir;
    private final Deque<Shot> todo = new ArrayDeque<>();
    private int written;

    Screenshots(ConsoleApp app, Path dir) {
        this.app = app;
        this.dir = dir;
    }

    void takeAll() {
        for (Locale locale : new Locale[] {Texts.TURKISH, Texts.ENGLISH}) {
            for (Theme theme : Theme.values()) {
                for (int screen = 0; screen < app.window().screenCount(); screen++) {
                    todo.add(new Shot(new Texts(locale), theme, screen));
                }
            }
        }
        next();
    }

    private void next() {
        Shot shot = todo.poll();
        if (shot == null) {
            System.out.println("wrote " + written + " screenshots to " + dir.toAbsolutePath());
            app.window().stop();
            Platform.exit();
            return;
        }
        if (!shot.texts().locale().equals(app.texts().locale())) {
            app.language(shot.texts());
        }
        app.theme(shot.theme());
        app.window().show(shot.screen());
        // The stage is never shown, so no pulse styles the screen before its snapshot does: style and lay it out now,
        // so that what is measured on the styled screen (the tables' column widths) is in place by the snapshot.
        app.scene().getRoot().applyCss();
        app.scene().getRoot().layout();
        whenLoaded(0, () -> {
            if (app.window().currentScreen() instanceof com.aliaport.ops.console.reports.ReportsView reports
                    && !reports.table().getItems().isEmpty()) {
                reports.showDetail();
                reports.table().getSelectionModel().select(0);
            }
            if (app.window().currentScreen() instanceof RunHistoryView history) {
                history.table().getItems().stream()
                        .filter(l -> l.run().status() == JobRunStatus.FAILED)
                        .findFirst()
                        .ifPresent(l -> {
                            history.table().getSelectionModel().select(l);
                            history.table()
                                    .scrollTo(Math.max(
                                            0, history.table().getItems().indexOf(l) - 3));
                        });
            }
            // One more pulse so that the selection and the CSS are laid out.
            PauseTransition settle = new PauseTransition(Duration.millis(300));
            settle.setOnFinished(e -> {
                write(shot, "");
                if (app.window().currentScreen() instanceof com.aliaport.ops.console.rates.RatesView rates) {
                    // The anomalies tab too, with the first one chosen.
                    rates.showAnomalies();
                    if (!rates.anomaliesTable().getItems().isEmpty()) {
                        rates.anomaliesTable().getSelectionModel().select(0);
                    }
                    PauseTransition tab = new PauseTransition(Duration.millis(700));
                    tab.setOnFinished(x -> {
                        write(shot, "-anomalies");
                        next();
                    });
                    tab.play();
                } else if (app.window().currentScreen()
                        instanceof com.aliaport.ops.console.reports.ReportsView reports) {
                    // The new-report form too, filled in as for a customer's statement of last month.
                    reports.showForm();
                    var form = reports.form();
                    form.type.set("cari-ekstre");
                    java.time.LocalDate month = java.time.LocalDate.now(com.aliaport.ops.console.fx.Times.ISTANBUL)
                            .withDayOfMonth(1)
                            .minusMonths(1);
                    form.from.set(month);
                    form.to.set(month.plusMonths(1).minusDays(1));
                    form.searchCustomers("");
                    PauseTransition tab = new PauseTransition(Duration.millis(900));
                    tab.setOnFinished(x -> {
                        if (!form.customers().isEmpty()) {
                            form.customer.set(form.customers().getFirst());
                        }
                        PauseTransition laid = new PauseTransition(Duration.millis(300));
                        laid.setOnFinished(y -> {
                            write(shot, "-form");
                            next();
                        });
                        laid.play();
                    });
                    tab.play();
                } else {
                    next();
                }
            });
            settle.play();
        });
    }

    private void whenLoaded(int waited, Runnable then) {
        boolean counting = app.window().currentScreen() instanceof RunHistoryView history && !history.counted();
        if ((!app.window().loading() && !counting && waited >= 2) || waited > 100) {
            then.run();
            return;
        }
        PauseTransition p = new PauseTransition(Duration.millis(100));
        p.setOnFinished(e -> whenLoaded(waited + 1, then));
        p.play();
    }

    private void write(Shot shot, String variant) {
        String name = "console-" + app.window().currentScreen().titleKey().substring("nav.".length()) + variant + "-"
                + shot.texts().locale().getLanguage() + "-"
                + shot.theme().name().toLowerCase(Locale.ROOT) + ".png";
        WritableImage image = app.scene().snapshot(null);
        try {
            Files.createDirectories(dir);
            ImageIO.write(toBuffered(image), "png", dir.resolve(name).toFile());
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name, e);
        }
    }

    static BufferedImage toBuffered(WritableImage image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader reader = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, reader.getArgb(x, y));
            }
        }
        return out;
    }
}
