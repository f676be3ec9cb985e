package com.aliaport.ops.daemon.scheduler;

import com.aliaport.ops.jobrun.JobResult;
import com.aliaport.ops.jobrun.JobStoppedException;
import com.aliaport.ops.jobrun.JobTask;
import java.time.Duration;

/** Bodies of the diagnostic jobs operators (and the cluster tests) use to see the scheduler at work. */
final class DiagnosticJobs {
    private DiagnosticJobs() {}

    static JobTask tick() {
        return ctx -> JobResult.succeeded("tick due " + ctx.scheduledAt());
    }

    static JobTask fail() {
        return ctx -> {
            throw new IllegalStateException("diagnostic failure of attempt " + ctx.attempt());
        };
    }

    /** Sleeps (parameter {@code seconds}, else the configured time) in small steps, stopping when asked. */
    static JobTask sleep(Duration fallback) {
        return ctx -> {
            long seconds = ctx.parameters().containsKey("seconds")
                    ? Long.parseLong(ctx.parameters().get("seconds"))
                    : fallback.toSeconds();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
                if (ctx.stopRequested()) {
                    throw new JobStoppedException("diag_sleep stopped before its " + seconds + " s were up");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    throw new JobStoppedException("diag_sleep interrupted");
                }
            }
            return JobResult.succeeded("slept " + seconds + " s");
        };
    }
}
