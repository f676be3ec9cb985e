package com.aliaport.ops.jobrun;

import static com.aliaport.ops.db.generated.Tables.JOB_RUNS;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.db.generated.tables.records.JobRunsRecord;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/** {@code job_runs}: one row per run, written as the run starts, progresses and ends. */
public final class JobRunRepository {
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {};
    private static final int MAX_TEXT = 4_000;

    private final DSLContext dsl;

    public JobRunRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public record NewRun(
            String jobId,
            TriggerKind kind,
            Instant scheduledAt,
            Instant startedAt,
            int attempt,
            String nodeId,
            Optional<String> fireId,
            Map<String, String> parameters) {}

    /**
     * Inserts the RUNNING row. Returns empty when a row for the same fire id exists already: the firing was
     * delivered twice and must not run twice.
     */
    public Optional<Long> start(NewRun run) {
        return dsl.insertInto(JOB_RUNS)
                .set(JOB_RUNS.JOB_ID, run.jobId())
                .set(JOB_RUNS.TRIGGER_KIND, run.kind().name())
                .set(JOB_RUNS.STATUS, JobRunStatus.RUNNING.name())
                .set(JOB_RUNS.SCHEDULED_AT, run.scheduledAt())
                .set(JOB_RUNS.STARTED_AT, run.startedAt())
                .set(JOB_RUNS.HEARTBEAT_AT, run.startedAt())
                .set(JOB_RUNS.ATTEMPT, run.attempt())
                .set(JOB_RUNS.NODE_ID, run.nodeId())
                .set(JOB_RUNS.FIRE_ID, run.fireId().orElse(null))
                .set(JOB_RUNS.PARAMETERS, JSONB.valueOf(Json.write(run.parameters())))
                .onConflictDoNothing()
                .returning(JOB_RUNS.ID)
                .fetchOptional()
                .map(JobRunsRecord::getId);
    }

    public void finish(long id, JobRunStatus status, Instant finishedAt, String message, String error) {
        dsl.update(JOB_RUNS)
                .set(JOB_RUNS.STATUS, status.name())
                .set(JOB_RUNS.FINISHED_AT, finishedAt)
                .set(JOB_RUNS.MESSAGE, clip(message))
                .set(JOB_RUNS.ERROR, clip(error))
                .where(JOB_RUNS.ID.eq(id))
                .execute();
    }

    public void progress(long id, long current, long total, String message, Instant at) {
        dsl.update(JOB_RUNS)
                .set(JOB_RUNS.PROGRESS_CURRENT, current)
                .set(JOB_RUNS.PROGRESS_TOTAL, total)
                .set(JOB_RUNS.MESSAGE, clip(message))
                .set(JOB_RUNS.HEARTBEAT_AT, at)
                .where(JOB_RUNS.ID.eq(id).and(JOB_RUNS.STATUS.eq(JobRunStatus.RUNNING.name())))
                .execute();
    }

    /**
     * Fire times of a scheduled job that did not run, {@code firstDue} to {@code lastDue}, and why: MISSED (they could
     * not start within the misfire grace) or SKIPPED (coalesced into, or superseded by, a later run of the job).
     */
    public record NotRun(
            String jobId,
            JobRunStatus status,
            Instant firstDue,
            Instant lastDue,
            Instant at,
            String nodeId,
            Optional<String> fireId,
            String message) {
        public NotRun {
            if (status != JobRunStatus.MISSED && status != JobRunStatus.SKIPPED) {
                throw new IllegalArgumentException("not a status of a fire time that did not run: " + status);
            }
            if (lastDue.isBefore(firstDue)) {
                throw new IllegalArgumentException("fire times end before they begin: " + firstDue + " .. " + lastDue);
            }
        }
    }

    /**
     * One row for the fire times {@code notRun} stands for ({@code scheduled_at} to {@code scheduled_until}), never
     * fired. Empty when a row for the same fire id exists already.
     */
    public Optional<Long> recordNotRun(NotRun notRun) {
        return dsl.insertInto(JOB_RUNS)
                .set(JOB_RUNS.JOB_ID, notRun.jobId())
                .set(JOB_RUNS.TRIGGER_KIND, TriggerKind.SCHEDULED.name())
                .set(JOB_RUNS.STATUS, notRun.status().name())
                .set(JOB_RUNS.SCHEDULED_AT, notRun.firstDue())
                .set(JOB_RUNS.SCHEDULED_UNTIL, notRun.lastDue().equals(notRun.firstDue()) ? null : notRun.lastDue())
                .set(JOB_RUNS.FINISHED_AT, notRun.at())
                .set(JOB_RUNS.NODE_ID, notRun.nodeId())
                .set(JOB_RUNS.FIRE_ID, notRun.fireId().orElse(null))
                .set(JOB_RUNS.MESSAGE, clip(notRun.message()))
                .onConflictDoNothing()
                .returning(JOB_RUNS.ID)
                .fetchOptional()
                .map(JobRunsRecord::getId);
    }

    /**
     * A start the {@link RunGuard} refused (another run of the job holds it): its own SKIPPED row, never run.
     * Empty when a row for the same fire id exists already (a firing delivered twice).
     */
    public Optional<Long> recordRefused(NewRun run, String message) {
        return dsl.insertInto(JOB_RUNS)
                .set(JOB_RUNS.JOB_ID, run.jobId())
                .set(JOB_RUNS.TRIGGER_KIND, run.kind().name())
                .set(JOB_RUNS.STATUS, JobRunStatus.SKIPPED.name())
                .set(JOB_RUNS.SCHEDULED_AT, run.scheduledAt())
                .set(JOB_RUNS.STARTED_AT, run.startedAt())
                .set(JOB_RUNS.FINISHED_AT, run.startedAt())
                .set(JOB_RUNS.ATTEMPT, run.attempt())
                .set(JOB_RUNS.NODE_ID, run.nodeId())
                .set(JOB_RUNS.FIRE_ID, run.fireId().orElse(null))
                .set(JOB_RUNS.PARAMETERS, JSONB.valueOf(Json.write(run.parameters())))
                .set(JOB_RUNS.MESSAGE, clip(message))
                .onConflictDoNothing()
                .returning(JOB_RUNS.ID)
                .fetchOptional()
                .map(JobRunsRecord::getId);
    }

    /**
     * Closes the job's RUNNING rows other than {@code exceptRun}. Called by the holder of the job's
     * {@link RunGuard}: nobody else runs the job, so any such row was left by a process that died mid-run.
     */
    public int failOrphans(String jobId, long exceptRun, Instant at, String error) {
        return dsl.update(JOB_RUNS)
                .set(JOB_RUNS.STATUS, JobRunStatus.FAILED.name())
                .set(JOB_RUNS.FINISHED_AT, at)
                .set(JOB_RUNS.ERROR, clip(error))
                .where(JOB_RUNS.JOB_ID.eq(jobId))
                .and(JOB_RUNS.STATUS.eq(JobRunStatus.RUNNING.name()))
                .and(JOB_RUNS.ID.ne(exceptRun))
                .execute();
    }

    /** The job's newest RUNNING row, if any. */
    public Optional<JobRun> runningOf(String jobId) {
        return dsl.selectFrom(JOB_RUNS)
                .where(JOB_RUNS.JOB_ID.eq(jobId))
                .and(JOB_RUNS.STATUS.eq(JobRunStatus.RUNNING.name()))
                .orderBy(JOB_RUNS.ID.desc())
                .limit(1)
                .fetchOptional()
                .map(JobRunRepository::toRun);
    }

    /** Closes this node's RUNNING rows left by an earlier process of the same node (after a crash). */
    public int failStaleOfNode(String nodeId, Instant startedBefore, Instant at, String error) {
        return dsl.update(JOB_RUNS)
                .set(JOB_RUNS.STATUS, JobRunStatus.FAILED.name())
                .set(JOB_RUNS.FINISHED_AT, at)
                .set(JOB_RUNS.ERROR, clip(error))
                .where(JOB_RUNS.NODE_ID.eq(nodeId))
                .and(JOB_RUNS.STATUS.eq(JobRunStatus.RUNNING.name()))
                .and(JOB_RUNS.STARTED_AT.lt(startedBefore))
                .execute();
    }

    /** Trims history: finished runs that ended before {@code before}. */
    public int deleteFinishedBefore(Instant before) {
        return dsl.deleteFrom(JOB_RUNS)
                .where(JOB_RUNS.STATUS.ne(JobRunStatus.RUNNING.name()))
                .and(DSL.coalesce(JOB_RUNS.FINISHED_AT, JOB_RUNS.CREATED_AT).lt(before))
                .execute();
    }

    public Optional<JobRun> find(long id) {
        return dsl.selectFrom(JOB_RUNS)
                .where(JOB_RUNS.ID.eq(id))
                .fetchOptional()
                .map(JobRunRepository::toRun);
    }

    /** The newest run of each job (by id), keyed by job id. */
    public Map<String, JobRun> latestPerJob() {
        return dsl
                .selectFrom(JOB_RUNS)
                .where(JOB_RUNS.ID.in(
                        DSL.select(DSL.max(JOB_RUNS.ID)).from(JOB_RUNS).groupBy(JOB_RUNS.JOB_ID)))
                .fetch()
                .stream()
                .map(JobRunRepository::toRun)
                .collect(java.util.stream.Collectors.toMap(JobRun::jobId, r -> r));
    }

    /** Runs of one job (or all when {@code jobId} is empty), newest first. */
    public List<JobRun> recent(Optional<String> jobId, int limit) {
        return dsl
                .selectFrom(JOB_RUNS)
                .where(jobId.map(JOB_RUNS.JOB_ID::eq).orElse(DSL.noCondition()))
                .orderBy(JOB_RUNS.ID.desc())
                .limit(limit)
                .fetch()
                .stream()
                .map(JobRunRepository::toRun)
                .toList();
    }

    public List<JobRun> running() {
        return dsl
                .selectFrom(JOB_RUNS)
                .where(JOB_RUNS.STATUS.eq(JobRunStatus.RUNNING.name()))
                .orderBy(JOB_RUNS.ID)
                .fetch()
                .stream()
                .map(JobRunRepository::toRun)
                .toList();
    }

    static JobRun toRun(JobRunsRecord r) {
        return new JobRun(
                r.getId(),
                r.getJobId(),
                TriggerKind.valueOf(r.getTriggerKind()),
                JobRunStatus.valueOf(r.getStatus()),
                Optional.ofNullable(r.getScheduledAt()),
                Optional.ofNullable(r.getScheduledUntil()),
                Optional.ofNullable(r.getStartedAt()),
                Optional.ofNullable(r.getFinishedAt()),
                r.getAttempt(),
                Optional.ofNullable(r.getNodeId()),
                r.getParameters() == null
                        ? Map.of()
                        : readParams(r.getParameters().data()),
                Optional.ofNullable(r.getMessage()),
                Optional.ofNullable(r.getError()),
                Optional.ofNullable(r.getProgressCurrent()),
                Optional.ofNullable(r.getProgressTotal()));
    }

    private static Map<String, String> readParams(String json) {
        try {
            return Json.MAPPER.readValue(json, PARAMS);
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static String clip(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
    }
}
