package com.aliaport.ops.daemon;

import com.aliaport.ops.cluster.LinkSecretAgreement;
import com.aliaport.ops.cluster.NodeRegistry;
import com.aliaport.ops.common.Loops;
import com.aliaport.ops.daemon.http.HttpServer;
import com.aliaport.ops.daemon.scheduler.StuckTriggerWatchdog;
import com.aliaport.ops.operatorcommand.CommandListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** The {@code run} command: scheduler, HTTP and background checks until SIGTERM, then a bounded, clean stop. */
public final class Daemon {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    /** The safety-net sweep of waiting operator commands, beside their NOTIFY. */
    private static final Duration COMMAND_SWEEP = Duration.ofSeconds(3);

    private final DaemonContext ctx;
    private final List<Consumer<io.javalin.Javalin>> routes = new ArrayList<>();
    private final List<Runnable> onStart = new ArrayList<>();
    private final List<Runnable> onStop = new ArrayList<>();
    private final Map<String, Supplier<Object>> healthExtras = new LinkedHashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private HttpServer http;
    private ScheduledExecutorService background;
    private CommandListener commands;
    private LinkSecretAgreement linkSecret;

    public Daemon(DaemonContext ctx) {
        this.ctx = ctx;
    }

    public Daemon routes(Consumer<io.javalin.Javalin> module) {
        routes.add(module);
        return this;
    }

    /** A field of {@code /api/scheduler/health}'s details (start-up checks, say). */
    public Daemon health(String field, Supplier<Object> value) {
        healthExtras.put(field, value);
        return this;
    }

    /** Work that runs beside the scheduler (report workers): started after HTTP, stopped before the scheduler. */
    public Daemon service(Runnable start, Runnable stop) {
        onStart.add(start);
        onStop.add(stop);
        return this;
    }

    public void start() {
        Instant processStart = ctx.clock.instant();
        int stale = ctx.runs.failStaleOfNode(
                ctx.config.nodeId(),
                processStart,
                processStart,
                "the daemon on node " + ctx.config.nodeId() + " stopped while this ran");
        if (stale > 0) {
            log.warn("closed {} run(s) left RUNNING by an earlier process of this node", stale);
        }
        ctx.registerJobs();
        // Before anything serves links: a node whose link secret differs from the others' says so at once.
        linkSecret = new LinkSecretAgreement(
                new NodeRegistry(ctx.infra.database().dsl()),
                ctx.clock,
                ctx.config.nodeId(),
                ctx.reports.linkSecretFingerprint(),
                liveWithin(ctx.config.scheduler().clusterCheckin()));
        linkSecret.checkIn();
        healthExtras.put("link_secret", linkSecret::health);
        if (ctx.config.scheduler().autoStart()) {
            ctx.cluster.start();
            // Operator commands (console, CLI) are carried out by the nodes whose scheduler runs.
            commands = new CommandListener(
                            ctx.infra.database().dataSource(), ctx.commandProcessor(ctx.config.nodeId()), COMMAND_SWEEP)
                    .start();
        }
        http = new HttpServer(
                ctx.config.http(),
                new HttpServer.Health(ctx.cluster::running, this::healthDetails),
                ctx.registry::scrape,
                routes);
        onStart.forEach(Runnable::run);
        StuckTriggerWatchdog watchdog = new StuckTriggerWatchdog(
                ctx.infra.database().dsl(),
                ctx.clock,
                ctx.config.scheduler().misfireGrace().plus(Duration.ofMinutes(1)),
                ctx.alerts,
                ctx.registry);
        background = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("daemon-background").daemon(true).factory());
        background.scheduleWithFixedDelay(
                () -> Loops.runLogged("stuck-trigger watchdog", watchdog::check), 30, 60, TimeUnit.SECONDS);
        long checkin = ctx.config.scheduler().clusterCheckin().toMillis();
        background.scheduleWithFixedDelay(
                () -> Loops.runLogged("node check-in", linkSecret::checkIn), checkin, checkin, TimeUnit.MILLISECONDS);
        log.info(
                "aliaport daemon running on node {} (HTTP {}:{})",
                ctx.config.nodeId(),
                ctx.config.http().bind(),
                http.port());
    }

    /** A node not seen for three check-ins (at least 15 s) is taken as gone. */
    static Duration liveWithin(Duration checkin) {
        Duration three = checkin.multipliedBy(3);
        return three.compareTo(Duration.ofSeconds(15)) < 0 ? Duration.ofSeconds(15) : three;
    }

    public int httpPort() {
        return http.port();
    }

    private Map<String, Object> healthDetails() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("node", ctx.config.nodeId());
        d.put("schedulers", ctx.cluster.describe());
        d.put(
                "running",
                ctx.runs.running().stream()
                        .map(r -> Map.of(
                                "job",
                                r.jobId(),
                                "run",
                                r.id(),
                                "node",
                                r.nodeId().orElse("?")))
                        .toList());
        healthExtras.forEach((field, value) -> d.put(field, value.get()));
        return d;
    }

    /** Blocks until SIGTERM or SIGINT, then stops within the configured grace. */
    public void awaitSignal() {
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info(
                "stopping: no new work; running jobs get up to {} s",
                ctx.config.scheduler().shutdownGrace().toSeconds());
        shutdown();
    }

    public void shutdown() {
        if (commands != null) {
            Loops.runLogged("stopping the operator command listener", commands::close);
        }
        if (background != null) {
            background.shutdownNow();
        }
        onStop.forEach(stop -> Loops.runLogged("stopping a service", stop));
        if (linkSecret != null) {
            Loops.runLogged("leaving the node list", linkSecret::leave);
        }
        ctx.cluster.shutdown(ctx.config.scheduler().shutdownGrace());
        if (http != null) {
            http.close();
        }
        log.info("stopped");
    }
}
