package com.aliaport.ops.console.jobs;

import static com.aliaport.ops.console.quartz.QuartzTables.*;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import com.aliaport.ops.jobrun.JobRun;
import com.aliaport.ops.jobrun.JobRunSearch;
import com.aliaport.ops.jobrun.RunFilter;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

/**
 * The jobs as the cluster runs them: the catalog the daemons publish in {@code scheduled_jobs}, each job's
 * schedule trigger in Quartz's store (read only: paused or not), and its newest run.
 */
public final class JobsService {
    private static final Table<?> SCHEDULED_JOBS = table(name("scheduled_jobs"));
    private static final Field<String> JOB_ID = field(name("job_id"), String.class);
    private static final Field<String> DESCRIPTION = field(name("description"), String.class);
    private static final Field<String> CRON = field(name("cron"), String.class);
    private static final Field<String> TIME_ZONE = field(name("time_zone"), String.class);
    private static final Field<Boolean> TAKES_DATE = field(name("takes_date"), Boolean.class);

    private final DSLContext dsl;
    private final InstantSource clock;
    private final JobRunSearch runs;

    public JobsService(DSLContext dsl, InstantSource clock) {
        this.dsl = dsl;
        this.clock = clock;
        this.runs = new JobRunSearch(dsl);
    }

    public List<JobRow> list() {
        Map<String, String> states = new TreeMap<>();
        dsl.select(TRIGGER_NAME, TRIGGER_STATE)
                .from(TRIGGERS)
                .where(TRIGGER_GROUP.eq(SCHEDULE_GROUP))
                .fetch()
                .forEach(r -> states.put(r.value1(), r.value2()));
        Instant now = clock.instant();
        List<JobRow> rows = new ArrayList<>();
        for (var r : dsl.select(JOB_ID, DESCRIPTION, CRON, TIME_ZONE, TAKES_DATE)
                .from(SCHEDULED_JOBS)
                .orderBy(JOB_ID)
                .fetch()) {
            String id = r.value1();
            Optional<String> cron = Optional.ofNullable(r.value3());
            boolean paused = Optional.ofNullable(states.get(id))
                    .map(s -> s.startsWith("PAUSED"))
                    .orElse(false);
            List<Instant> next = cron.filter(c -> !paused)
                    .map(c -> Schedules.nextFires(c, ZoneId.of(r.value4()), now, 5))
                    .orElse(List.of());
            rows.add(new JobRow(id, r.value2(), cron, Boolean.TRUE.equals(r.value5()), paused, next, lastRun(id)));
        }
        return rows;
    }

    private Optional<JobRun> lastRun(String jobId) {
        return runs.page(RunFilter.ALL.withJob(Optional.of(jobId)), Optional.empty(), 1).runs().stream()
                .findFirst()
                .map(JobRunSearch.Listed::run);
    }
}
