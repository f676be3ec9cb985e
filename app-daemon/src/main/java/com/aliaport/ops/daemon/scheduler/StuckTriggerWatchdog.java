package com.aliaport.ops.daemon.scheduler;

import com.aliaport.ops.alert.AlertSender;
import com.aliaport.ops.alert.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds triggers stuck in ACQUIRED or BLOCKED with nobody firing them (a known Quartz failure after crashes
 * and lost connections) and puts them back to WAITING under Quartz's own trigger lock, with an alert.
 */
public final class StuckTriggerWatchdog {
    private static final Logger log = LoggerFactory.getLogger(StuckTriggerWatchdog.class);

    private final DSLContext dsl;
    private final Clock clock;
    private final Duration stuckAfter;
    private final AlertSender alerts;
    private final Counter repairs;

    public StuckTriggerWatchdog(
            DSLContext dsl, Clock clock, Duration stuckAfter, AlertSender alerts, MeterRegistry registry) {
        this.dsl = dsl;
        this.clock = clock;
        this.stuckAfter = stuckAfter;
        this.alerts = alerts;
        this.repairs = Counter.builder("scheduler.watchdog.repairs")
                .description("Triggers found stuck in ACQUIRED/BLOCKED and put back to WAITING")
                .register(registry);
    }

    public record Repair(String scheduler, String trigger, String job, String state) {}

    /** One pass: returns what was repaired. */
    public List<Repair> check() {
        long olderThan = clock.millis() - stuckAfter.toMillis();
        List<Repair> repaired = dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            List<Repair> found = tx.resultQuery("""
                    SELECT t.sched_name, t.trigger_name, t.trigger_group, t.job_name, t.trigger_state
                      FROM qrtz_triggers t
                     WHERE t.trigger_state IN ('ACQUIRED', 'BLOCKED')
                       AND t.next_fire_time < ?
                       AND NOT EXISTS (
                           SELECT 1 FROM qrtz_fired_triggers f
                            WHERE f.sched_name = t.sched_name
                              AND ((f.trigger_name = t.trigger_name AND f.trigger_group = t.trigger_group)
                                   OR (t.trigger_state = 'BLOCKED' AND f.job_name = t.job_name
                                       AND f.job_group = t.job_group)))
                    """, olderThan).fetch().map(StuckTriggerWatchdog::toRepair);
            for (Repair r : found) {
                // Quartz's own lock, so that no scheduler acquires while we repair.
                tx.execute(
                        "SELECT 1 FROM qrtz_locks WHERE sched_name = ? AND lock_name = 'TRIGGER_ACCESS' FOR UPDATE",
                        r.scheduler());
                tx.execute("""
                        UPDATE qrtz_triggers SET trigger_state = 'WAITING'
                         WHERE sched_name = ? AND trigger_name = ? AND trigger_state = ?
                           AND NOT EXISTS (SELECT 1 FROM qrtz_fired_triggers f
                                            WHERE f.sched_name = qrtz_triggers.sched_name
                                              AND f.job_name = qrtz_triggers.job_name)
                        """, r.scheduler(), r.trigger(), r.state());
            }
            return found;
        });
        for (Repair r : repaired) {
            repairs.increment();
            log.warn("trigger {} of job {} was stuck in {}: put back to WAITING", r.trigger(), r.job(), r.state());
            alerts.send(
                    Severity.WARNING,
                    "Stuck Quartz trigger repaired",
                    "Trigger " + r.trigger() + " of job " + r.job() + " was stuck in " + r.state(),
                    Map.of("scheduler", r.scheduler(), "trigger", r.trigger(), "job", r.job(), "state", r.state()));
        }
        return repaired;
    }

    private static Repair toRepair(Record r) {
        return new Repair(
                r.get(0, String.class), r.get(1, String.class), r.get(3, String.class), r.get(4, String.class));
    }
}
