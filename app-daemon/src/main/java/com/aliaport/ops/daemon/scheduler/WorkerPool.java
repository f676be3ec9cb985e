package com.aliaport.ops.daemon.scheduler;

/** Which Quartz thread pool a job runs in: short, frequent work apart from long, heavy work. */
public enum WorkerPool {
    LIGHT,
    HEAVY;

    /** The Quartz scheduler name: the cluster of all nodes' schedulers of this pool. */
    public String schedulerName() {
        return "aliaport-" + name().toLowerCase();
    }
}
