package com.aliaport.ops.daemon;

import com.aliaport.ops.daemon.http.ExchangeRateRoutes;
import com.aliaport.ops.exchangerate.db.DecisionListener;

/** Binds the features' HTTP routes and background workers into a daemon. */
public final class Features {
    public Daemon daemon(DaemonContext ctx) {
        RedisEvictionCheck.Result redis = RedisEvictionCheck.enforce(
                RedisEvictionCheck.check(ctx.infra.redis()), ctx.config.redis().requireNoEviction());
        // Anomaly decisions (console, CLI) drop the cached /api/kurlar answers at once.
        DecisionListener decisions = new DecisionListener(ctx.infra.database().dataSource(), ctx.rates.cache());
        return new Daemon(ctx)
                .health("redis", redis::health)
                .routes(new ExchangeRateRoutes(ctx.rates.query()))
                .service(decisions::start, decisions::close)
                .routes(ctx.reports::register)
                .service(
                        ctx.reports::start,
                        () -> ctx.reports.stop(ctx.config.scheduler().shutdownGrace()));
    }

    /** Before the demo daemon starts: demo data in the domain tables when they are empty. */
    public void prepareDemo(DaemonContext ctx, java.io.PrintStream out) {
        var seeder =
                new com.aliaport.ops.seed.DemoDataSeeder(ctx.infra.database().dsl(), ctx.clock);
        if (seeder.hasDomainData()) {
            out.println("  demo data already there (seed --replace to start over)");
        } else {
            out.println("  demo data: "
                    + seeder.seed(com.aliaport.ops.seed.SeedScale.small()).summary());
        }
    }

    /** After the demo's job runs: one report of each type. */
    public void demoReports(DaemonContext ctx, java.io.PrintStream out) {
        DemoReports.submit(ctx, out);
    }
}
