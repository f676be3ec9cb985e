package com.aliaport.ops.console.archive;

import com.aliaport.ops.jobrun.JobRun;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The audit archive at a glance: both tables, the oldest live event, the runs, the next run, the partitions. */
public record ArchiveStatus(
        TableSize live,
        TableSize archive,
        Optional<Instant> oldestLive,
        List<JobRun> lastRuns,
        Optional<Instant> nextRun,
        List<Partition> partitions) {

    /** Rows as the planner knows them (kept fresh by the archiver's ANALYZE) and bytes with indexes. */
    public record TableSize(String table, long rows, long bytes) {}

    public record Partition(String parent, String name, String bounds, long rows, long bytes) {}
}
