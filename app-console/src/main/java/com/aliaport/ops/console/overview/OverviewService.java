package com.aliaport.ops.console.overview;

import static com.aliaport.ops.console.quartz.QuartzTables.*;
import static com.aliaport.ops.db.generated.Tables.JOB_RUNS;
import static com.aliaport.ops.db.generated.Tables.KURLAR;
import static com.aliaport.ops.db.generated.Tables.KUR_ANOMALIES;
import static com.aliaport.ops.db.generated.Tables.REPORT_TASKS;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;

import com.aliaport.ops.console.overview.Overview.KurSync;
import com.aliaport.ops.console.overview.Overview.Liveness;
import com.aliaport.ops.console.overview.Overview.NextFire;
import com.aliaport.ops.console.overview.Overview.Node;
import com.aliaport.ops.console.overview.Overview.RunningJob;
import com.aliaport.ops.console.overview.Overview.SchedulerState;
import com.aliaport.ops.exchangerate.BulletinLag;
import com.aliaport.ops.exchangerate.TurkishBusinessCalendar;
import com.aliaport.ops.jobrun.JobRunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.DSLContext;

/** Reads the overview; each figure is one small indexed query. Quartz's tables are read, never written. */
public final class OverviewService {

    /** Quartz declares a node failed this long after a missed check-in. */
    private static final Duration QUARTZ_GRACE = Duration.ofMillis(7_500);

    private final DSLContext dsl;
    private final InstantSource clock;
    private final TurkishBusinessCalendar calendar = new TurkishBusinessCalendar();

    public OverviewService(DSLContext dsl, InstantSource clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public Overview read() {
        Instant now = clock.instant();
        Instant dayAgo = now.minus(Duration.ofDays(1));
        return new Overview(
                nodes(now),
                schedulers(),
                running(),
                lastKurSync(now),
                dsl.fetchCount(KUR_ANOMALIES, KUR_ANOMALIES.STATUS.eq("OPEN")),
                dsl.fetchCount(REPORT_TASKS, REPORT_TASKS.STATE.eq("PENDING")),
                dsl.fetchCount(REPORT_TASKS, REPORT_TASKS.STATE.in("STARTED", "PROGRESS")),
                dsl.fetchCount(
                        JOB_RUNS,
                        JOB_RUNS.STATUS
                                .in(JobRunStatus.FAILED.name(), JobRunStatus.TIMED_OUT.name())
                                .and(JOB_RUNS.CREATED_AT.ge(dayAgo))),
                dsl.fetchCount(REPORT_TASKS, REPORT_TASKS.STATE.eq("FAILURE").and(REPORT_TASKS.FINISHED_AT.ge(dayAgo))),
                nextFires(5),
                now);
    }

    List<Node> nodes(Instant now) {
        Map<String, Node> byNode = new TreeMap<>();
        dsl.select(INSTANCE, LAST_CHECKIN, CHECKIN_INTERVAL)
                .from(SCHEDULER_STATE)
                .fetch()
                .forEach(r -> {
                    Instant last = Instant.ofEpochMilli(r.value2());
                    Duration interval = Duration.ofMillis(r.value3());
                    Node node = new Node(r.value1(), last, liveness(now, last, interval));
                    byNode.merge(r.value1(), node, (a, b) -> a.lastCheckin().isAfter(b.lastCheckin()) ? a : b);
                });
        return List.copyOf(byNode.values());
    }

    /** Alive within one interval and Quartz's grace; late up to three; dead beyond (Quartz recovers its jobs). */
    static Liveness liveness(Instant now, Instant lastCheckin, Duration interval) {
        Duration age = Duration.between(lastCheckin, now);
        Duration limit = interval.plus(QUARTZ_GRACE);
        if (age.compareTo(limit) <= 0) {
            return Liveness.ALIVE;
        }
        return age.compareTo(limit.multipliedBy(3)) <= 0 ? Liveness.LATE : Liveness.DEAD;
    }

    List<SchedulerState> schedulers() {
        Map<String, Integer> nodes = new TreeMap<>();
        dsl.select(SCHED_NAME, count())
                .from(SCHEDULER_STATE)
                .groupBy(SCHED_NAME)
                .fetch()
                .forEach(r -> nodes.put(r.value1(), r.value2()));
        Map<String, int[]> triggers = new TreeMap<>();
        dsl.select(SCHED_NAME, TRIGGER_STATE, count())
                .from(TRIGGERS)
                .groupBy(SCHED_NAME, TRIGGER_STATE)
                .fetch()
                .forEach(r -> {
                    int[] t = triggers.computeIfAbsent(r.value1(), k -> new int[2]);
                    t[1] += r.value3();
                    if (r.value2().startsWith("PAUSED")) {
                        t[0] += r.value3();
                    }
                });
        TreeMap<String, SchedulerState> all = new TreeMap<>();
        nodes.forEach((name, n) -> all.put(name, new SchedulerState(name, n, 0, 0)));
        triggers.forEach((name, t) -> all.put(name, new SchedulerState(name, nodes.getOrDefault(name, 0), t[0], t[1])));
        return List.copyOf(all.values());
    }

    List<RunningJob> running() {
        return dsl.selectFrom(JOB_RUNS)
                .where(JOB_RUNS.STATUS.eq(JobRunStatus.RUNNING.name()))
                .orderBy(JOB_RUNS.ID.desc())
                .limit(20)
                .fetch(r -> new RunningJob(
                        r.getId(),
                        r.getJobId(),
                        Optional.ofNullable(r.getNodeId()),
                        Optional.ofNullable(r.getStartedAt()),
                        Optional.ofNullable(r.getProgressCurrent()),
                        Optional.ofNullable(r.getProgressTotal())));
    }

    Optional<KurSync> lastKurSync(Instant now) {
        Optional<LocalDate> last =
                Optional.ofNullable(dsl.select(max(KURLAR.TARIH)).from(KURLAR).fetchOne(0, LocalDate.class));
        return last.map(date -> {
            var row = dsl.select(KURLAR.KAYNAK, KURLAR.BULTEN_NO)
                    .from(KURLAR)
                    .where(KURLAR.TARIH.eq(date))
                    .limit(1)
                    .fetchOne();
            return new KurSync(
                    date,
                    row == null ? "?" : row.value1(),
                    row == null ? Optional.empty() : Optional.ofNullable(row.value2()),
                    BulletinLag.lag(calendar, Optional.of(date), now));
        });
    }

    List<NextFire> nextFires(int limit) {
        return dsl.select(JOB_NAME, NEXT_FIRE)
                .from(TRIGGERS)
                .where(TRIGGER_STATE.in("WAITING", "ACQUIRED").and(NEXT_FIRE.gt(0L)))
                .orderBy(NEXT_FIRE)
                .limit(limit)
                .fetch(r -> new NextFire(r.value1(), Instant.ofEpochMilli(r.value2())));
    }
}
