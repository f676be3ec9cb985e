package com.aliaport.ops.daemon.scheduler;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;

/**
 * The one Quartz {@code Job} class: hands the firing to {@link JobFiring}. At most one instance of a job runs
 * at a time, cluster-wide ({@code max_instances=1}).
 */
@DisallowConcurrentExecution
public final class QuartzJobAdapter implements InterruptableJob {
    private final JobFiring firing;
    private volatile boolean interrupted;

    QuartzJobAdapter(JobFiring firing) {
        this.firing = firing;
    }

    @Override
    public void execute(JobExecutionContext context) {
        firing.handle(context, () -> interrupted);
    }

    @Override
    public void interrupt() {
        interrupted = true;
    }
}
