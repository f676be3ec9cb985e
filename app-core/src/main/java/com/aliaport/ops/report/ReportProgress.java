package com.aliaport.ops.report;

/** How a report tells its progress and learns that it should stop (cancel, soft time limit). */
public interface ReportProgress {
    ReportProgress NOOP = new ReportProgress() {
        @Override
        public void update(long current, long total, String status) {}

        @Override
        public boolean stopRequested() {
            return false;
        }
    };

    /** Called as rows stream; implementations rate-limit their writes. {@code status} is Turkish text. */
    void update(long current, long total, String status);

    /** Checked between batches: true means stop cleanly and throw {@link ReportStoppedException}. */
    boolean stopRequested();
}
