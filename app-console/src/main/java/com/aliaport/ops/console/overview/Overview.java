package com.aliaport.ops.console.overview;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** What an operator needs at 08:00, in one read. */
public record Overview(
        List<Node> nodes,
        List<SchedulerState> schedulers,
        List<RunningJob> running,
        Optional<KurSync> lastKurSync,
        long openAnomalies,
        long queuePending,
        long queueBusy,
        long jobFailures24h,
        long reportFailures24h,
        List<NextFire> nextFires,
        Instant readAt) {

    public enum Liveness {
        ALIVE,
        LATE,
        DEAD
    }

    /** A daemon node, from Quartz's cluster check-ins (the newest of its schedulers). */
    public record Node(String nodeId, Instant lastCheckin, Liveness liveness) {}

    /** One clustered scheduler: how many nodes run it and how many of its triggers are paused. */
    public record SchedulerState(String name, int nodes, int paused, int triggers) {}

    public record RunningJob(
            long runId,
            String jobId,
            Optional<String> nodeId,
            Optional<Instant> startedAt,
            Optional<Long> current,
            Optional<Long> total) {}

    public record KurSync(LocalDate bulletinDate, String source, Optional<String> bulletinNo, int lagBusinessDays) {}

    public record NextFire(String jobId, Instant at) {}

    public long aliveNodes() {
        return nodes.stream().filter(n -> n.liveness() == Liveness.ALIVE).count();
    }
}
