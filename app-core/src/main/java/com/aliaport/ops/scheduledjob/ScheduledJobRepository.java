package com.aliaport.ops.scheduledjob;

import static com.aliaport.ops.db.generated.Tables.SCHEDULED_JOBS;

import com.aliaport.ops.db.generated.tables.records.ScheduledJobsRecord;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** {@code scheduled_jobs}: upserted by every daemon node when it registers its jobs, read by the console. */
public final class ScheduledJobRepository {
    private final DSLContext dsl;
    private final Clock clock;

    public ScheduledJobRepository(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** Every job some node registered, by id. */
    public List<ScheduledJob> all() {
        return dsl.selectFrom(SCHEDULED_JOBS).orderBy(SCHEDULED_JOBS.JOB_ID).fetch().stream()
                .map(ScheduledJobRepository::toJob)
                .toList();
    }

    public Optional<ScheduledJob> find(String id) {
        return dsl.selectFrom(SCHEDULED_JOBS)
                .where(SCHEDULED_JOBS.JOB_ID.eq(id))
                .fetchOptional()
                .map(ScheduledJobRepository::toJob);
    }

    /** Inserts or updates these jobs in one statement; jobs not named are left as they are. */
    public void upsertAll(List<ScheduledJob> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        var now = clock.instant();
        var insert = dsl.insertInto(
                SCHEDULED_JOBS,
                SCHEDULED_JOBS.JOB_ID,
                SCHEDULED_JOBS.DESCRIPTION,
                SCHEDULED_JOBS.CRON,
                SCHEDULED_JOBS.TIME_ZONE,
                SCHEDULED_JOBS.POOL,
                SCHEDULED_JOBS.TAKES_DATE,
                SCHEDULED_JOBS.REGISTERED_AT);
        for (ScheduledJob j : jobs) {
            insert = insert.values(
                    j.id(), j.description(), j.cron().orElse(null), j.timeZone(), j.pool(), j.takesDate(), now);
        }
        insert.onConflict(SCHEDULED_JOBS.JOB_ID)
                .doUpdate()
                .set(SCHEDULED_JOBS.DESCRIPTION, DSL.excluded(SCHEDULED_JOBS.DESCRIPTION))
                .set(SCHEDULED_JOBS.CRON, DSL.excluded(SCHEDULED_JOBS.CRON))
                .set(SCHEDULED_JOBS.TIME_ZONE, DSL.excluded(SCHEDULED_JOBS.TIME_ZONE))
                .set(SCHEDULED_JOBS.POOL, DSL.excluded(SCHEDULED_JOBS.POOL))
                .set(SCHEDULED_JOBS.TAKES_DATE, DSL.excluded(SCHEDULED_JOBS.TAKES_DATE))
                .set(SCHEDULED_JOBS.REGISTERED_AT, DSL.excluded(SCHEDULED_JOBS.REGISTERED_AT))
                .execute();
    }

    private static ScheduledJob toJob(ScheduledJobsRecord r) {
        return new ScheduledJob(
                r.getJobId(),
                r.getDescription(),
                Optional.ofNullable(r.getCron()),
                r.getTimeZone(),
                r.getPool(),
                r.getTakesDate());
    }
}
