package com.aliaport.ops.operatorcommand;

import java.util.Map;

/**
 * The cluster's scheduler as the command processor needs it (Quartz, in the daemon). Each method throws an
 * unchecked exception whose message names the job when it cannot act, an unknown job among them.
 */
public interface JobControl {
    void pause(String jobId);

    void resume(String jobId);

    /** Fires the job now on whichever node picks it up, as a MANUAL run with these parameters. */
    void trigger(String jobId, Map<String, String> parameters);

    /** Whether the job reads a {@code date} parameter (RUN_FOR_DATE is refused for the others). */
    boolean takesDate(String jobId);
}
