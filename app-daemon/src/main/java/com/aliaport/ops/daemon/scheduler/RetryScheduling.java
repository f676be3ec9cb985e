package com.aliaport.ops.daemon.scheduler;

import java.util.Map;

/** Puts a one-shot RETRY trigger of a job in the cluster's store. */
interface RetryScheduling {
    void scheduleRetry(JobDefinition job, int attempt, Map<String, String> parameters);
}
