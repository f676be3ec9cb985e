package com.aliaport.ops.console.bench;

import static com.aliaport.ops.console.bench.BenchTable.ms;
import static com.aliaport.ops.console.bench.BenchTable.onFx;
import static com.aliaport.ops.console.bench.BenchTable.secs;
import static com.aliaport.ops.console.bench.BenchTable.stats;
import static com.aliaport.ops.console.bench.BenchTable.waitUntil;

import com.aliaport.ops.console.connect.ConsoleSession;
import com.aliaport.ops.console.fx.FxUi;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Theme;
import com.aliaport.ops.console.live.LiveEvents;
import com.aliaport.ops.console.live.PgNotifications;
import com.aliaport.ops.console.rates.RatesModel;
import com.aliaport.ops.console.rates.RatesView;
import com.aliaport.ops.console.reports.ReportsModel;
import com.aliaport.ops.console.reports.ReportsView;
import com.aliaport.ops.console.shell.ConsoleContext;
import com.aliaport.ops.console.shell.MainWindow;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.reportqueue.DeskTask;
import com.aliaport.ops.reportqueue.db.PgReportAnnouncer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The console's report desk and rates chart under load (issue 13; {@code bench/console.sh desk}): 50 reports
 * running whose progress is written every 100 ms each, as workers write it (an UPDATE of report_tasks, then the
 * queue's own {@link PgReportAnnouncer}); one more progress write timed from before its UPDATE to the report
 * desk's row carrying it and the next layout pulse after. Then ten years of bulletins of 20 currencies, and the
 * rates chart over ten years of all of them, timed from the request to the series in the model (data) and to the
 * end of the next layout pulse (drawn).
 */
public final class ConsoleDeskBench {
    private static final String DB = "aliaport_bench_desk";
    private static final int RUNNING = 50;
    private static final List<String> CURRENCIES = List.of(
            "USD", "AUD", "DKK", "EUR", "GBP", "CHF", "SEK", "CAD", "KWD", "NOK", "SAR", "JPY", "BGN", "RON", "RUB",
            "CNY", "PKR", "QAR", "KRW", "AZN");

    private final BenchDatabase database = BenchDatabase.fromEnvironment(DB);
    private final ConnectionSettings settings = database.settings();
    private final BenchTable table = new BenchTable();
    private final List<UUID> running = new ArrayList<>();
    private Scene scene;

    public static void main(String[] args) throws Exception {
        ConsoleDeskBench bench = new ConsoleDeskBench();
        int code = 0;
        try {
            bench.seed();
            bench.onStage();
        } catch (Throwable e) {
            e.printStackTrace();
            code = 1;
        } finally {
            bench.table.print();
            if (!List.of(args).contains("--keep")) {
                bench.database.drop();
            }
        }
        Platform.exit();
        System.exit(code);
    }

    private Connection connect() throws Exception {
        return database.connect();
    }

    private void seed() throws Exception {
        database.recreate();
        long t0 = System.nanoTime();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("SELECT setseed(0.42)");
            // Every weekday of ten years for 20 currencies, a random walk each (JPY per 100 units, as TCMB).
            s.execute("""
                    INSERT INTO kurlar (tarih, doviz_kodu, birim, alis, satis, kaynak, bulten_no)
                    SELECT d::date, c.code, CASE WHEN c.code = 'JPY' THEN 100 ELSE 1 END,
                           round((c.base * (1 + 0.0004 * (d::date - date '2016-11-30')) * (1 + 0.01 * random()))::numeric, 4),
                           round((c.base * (1 + 0.0004 * (d::date - date '2016-11-30')) * (1.002 + 0.01 * random()))::numeric, 4),
                           'TCMB', to_char(d, 'YYYY/MMDD')
                      FROM generate_series(date '2016-11-30', date '2026-11-27', interval '1 day') d
                      CROSS JOIN (SELECT code, 0.5 + 3 * random() AS base FROM unnest(?::text[]) code) c
                     WHERE extract(isodow FROM d) < 6""".replace("?", "'{" + String.join(",", CURRENCIES) + "}'"));
            s.execute("ANALYZE kurlar");
            // Finished reports of the last month, and RUNNING ones in PROGRESS.
            s.execute("""
                    INSERT INTO report_tasks (id, task_type, requested_by, state, progress_current, progress_total,
                                              attempts, size_bytes, created_at, started_at, finished_at)
                    SELECT gen_random_uuid(), (ARRAY['barinma', 'manifest', 'cari_ekstre'])[1 + g % 3],
                           'user' || (g % 7), 'SUCCESS', 1000, 1000, 1, 100000 + g,
                           now() - g * interval '1 minute', now() - g * interval '1 minute',
                           now() - g * interval '1 minute' + interval '20 seconds'
                      FROM generate_series(1, 2000) g""");
            try (ResultSet r = s.executeQuery("""
                    INSERT INTO report_tasks (id, task_type, requested_by, state, progress_current, progress_total,
                                              attempts, worker_id, created_at, started_at)
                    SELECT gen_random_uuid(), (ARRAY['barinma', 'manifest', 'cari_ekstre'])[1 + g % 3],
                           'user' || (g % 7), 'PROGRESS', 0, 1000000, 1, 'bench', now(), now()
                      FROM generate_series(1, %d) g
                    RETURNING id""".replace("%d", Integer.toString(RUNNING)))) {
                while (r.next()) {
                    running.add(r.getObject(1, UUID.class));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM kurlar")) {
                r.next();
                System.out.printf(
                        Locale.ROOT,
                        "seeded %d rates (20 currencies, ten years), 2,000 finished and %d running reports in %.1f s%n",
                        r.getLong(1),
                        RUNNING,
                        secs(t0));
            }
        }
    }

    private void onStage() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        ConsoleSession session = ConsoleSession.open(settings);
        FxUi ui = new FxUi();
        PgNotifications notifications =
                new PgNotifications(settings, List.of("job_runs", "operator_commands", "report_progress")).start();
        LiveEvents live = onFx(() -> new LiveEvents(ui).attach(notifications));
        AtomicReference<MainWindow> window = new AtomicReference<>();
        onFx(() -> {
            MainWindow w = new MainWindow(new ConsoleContext(session, ui, live, Texts.ofSystem(), Clock.systemUTC()));
            scene = new Scene(w.root(), 1000, 760);
            Theme.LIGHT.apply(scene);
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
            w.show(4);
            window.set(w);
            return null;
        });
        waitUntil(() -> !window.get().loading(), "the report desk's first read");
        ReportsModel reports = onFx(() -> ((ReportsView) window.get().currentScreen()).model());
        Thread.sleep(3_000); // the listener connects, the JIT settles
        try (Database db = Database.connect(settings, "bench-workers", 4);
                PgReportAnnouncer announcer = new PgReportAnnouncer(db.dsl()).start()) {
            progress(reports, announcer);
        }
        onFx(() -> {
            window.get().show(3);
            return null;
        });
        waitUntil(() -> !window.get().loading(), "the rates screen's first read");
        chart(onFx(() -> ((RatesView) window.get().currentScreen()).model()));
        notifications.close();
        ui.close();
        session.close();
    }

    /** 50 running reports write progress every 100 ms each; 30 more writes are timed to the desk's row. */
    private void progress(ReportsModel reports, PgReportAnnouncer announcer) throws Exception {
        waitUntil(
                () -> reports.tasks().stream()
                                .filter(t -> running.contains(t.id()))
                                .count()
                        == RUNNING,
                "the running reports on the desk");
        AtomicBoolean load = new AtomicBoolean(true);
        Thread workers = Thread.ofPlatform().name("bench-workers").start(() -> {
            try (Connection c = connect();
                    PreparedStatement up = c.prepareStatement(
                            "UPDATE report_tasks SET progress_current = progress_current + 1, updated_at = now()"
                                    + " WHERE id = ?")) {
                int i = 0;
                while (load.get()) {
                    UUID id = running.get(i++ % RUNNING);
                    up.setObject(1, id);
                    up.executeUpdate();
                    announcer.changed(id);
                    Thread.sleep(java.time.Duration.ofMillis(100).dividedBy(RUNNING));
                }
            } catch (Exception e) {
                if (load.get()) {
                    e.printStackTrace();
                }
            }
        });
        Thread.sleep(2_000);
        List<Long> data = new ArrayList<>();
        List<Long> shown = new ArrayList<>();
        try (Connection c = connect();
                PreparedStatement set = c.prepareStatement(
                        "UPDATE report_tasks SET progress_current = ?, progress_status = ?" + " WHERE id = ?")) {
            for (int trial = 0; trial < 30; trial++) {
                UUID id = running.get(trial % RUNNING);
                long mark = 900_000 + trial;
                CompletableFuture<long[]> seen = new CompletableFuture<>();
                long t0 = System.nanoTime();
                ListChangeListener<DeskTask> l = change -> {
                    if (!seen.isDone()
                            && reports.tasks().stream()
                                    .anyMatch(t -> t.id().equals(id) && t.progressCurrent() >= mark)) {
                        long[] out = {ms(t0), 0};
                        Runnable[] pulse = new Runnable[1];
                        pulse[0] = () -> {
                            scene.removePostLayoutPulseListener(pulse[0]);
                            out[1] = ms(t0);
                            seen.complete(out);
                        };
                        scene.addPostLayoutPulseListener(pulse[0]);
                        Platform.requestNextPulse();
                    }
                };
                onFx(() -> {
                    reports.tasks().addListener(l);
                    return null;
                });
                set.setLong(1, mark);
                set.setString(2, "bench " + trial);
                set.setObject(3, id);
                set.executeUpdate();
                announcer.changed(id);
                long[] t = seen.get(10, TimeUnit.SECONDS);
                data.add(t[0]);
                shown.add(t[1]);
                onFx(() -> {
                    reports.tasks().removeListener(l);
                    return null;
                });
                Thread.sleep(150);
            }
        } finally {
            load.set(false);
            workers.join();
        }
        table.row(
                "report desk: progress UPDATE to the row in the model, 50 running at 10 writes/s each (30 trials)",
                stats(data),
                "",
                true);
        table.row(
                "report desk: progress UPDATE to the bar shown (next layout pulse)",
                stats(shown),
                "<= 200",
                BenchTable.max(shown) <= 200);
    }

    /** All 20 currencies over ten years, 5 trials, each from the one-month view. */
    private void chart(RatesModel rates) throws Exception {
        List<Long> data = new ArrayList<>();
        List<Long> drawn = new ArrayList<>();
        for (int trial = 0; trial < 5; trial++) {
            onFx(() -> {
                rates.date.set(LocalDate.of(2026, 11, 27));
                rates.period.set(RatesModel.Period.MONTH);
                rates.chosen.setAll("USD");
                rates.reloadSeries();
                return null;
            });
            waitUntil(
                    () -> !rates.loading()
                            && rates.series().get() != null
                            && rates.series().get().size() == 1,
                    "the one-month view");
            CompletableFuture<long[]> done = new CompletableFuture<>();
            onFx(() -> {
                long t0 = System.nanoTime();
                rates.series().addListener(new javafx.beans.value.ChangeListener<>() {
                    @Override
                    public void changed(
                            javafx.beans.value.ObservableValue<
                                            ? extends
                                                    java.util.Map<
                                                            String,
                                                            List<com.aliaport.ops.console.rates.RatesService.Point>>>
                                    o,
                            java.util.Map<String, List<com.aliaport.ops.console.rates.RatesService.Point>> old,
                            java.util.Map<String, List<com.aliaport.ops.console.rates.RatesService.Point>> now) {
                        rates.series().removeListener(this);
                        long[] out = {ms(t0), 0};
                        Runnable[] pulse = new Runnable[1];
                        pulse[0] = () -> {
                            scene.removePostLayoutPulseListener(pulse[0]);
                            out[1] = ms(t0);
                            done.complete(out);
                        };
                        scene.addPostLayoutPulseListener(pulse[0]);
                        Platform.requestNextPulse();
                    }
                });
                rates.period.set(RatesModel.Period.TEN_YEARS);
                rates.chosen.setAll(CURRENCIES);
                rates.reloadSeries();
                return null;
            });
            long[] t = done.get(30, TimeUnit.SECONDS);
            data.add(t[0]);
            drawn.add(t[1]);
        }
        table.row("rates chart, 20 currencies x ten years: series read (5 trials)", stats(data), "", true);
        table.row(
                "rates chart, 20 currencies x ten years: drawn (next layout pulse)",
                stats(drawn),
                "<= 500",
                BenchTable.max(drawn) <= 500);
    }
}
