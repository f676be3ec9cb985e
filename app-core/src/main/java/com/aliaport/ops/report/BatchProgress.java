package com.aliaport.ops.report;

/** Counts rows as batches are written, reports them, and stops the report between batches when asked. */
public final class BatchProgress {
    private final String type;
    private final ReportProgress progress;
    private final String label;
    private final long total;
    private long written;

    public BatchProgress(String type, ReportProgress progress, String label, long total) {
        this.type = type;
        this.progress = progress;
        this.label = label;
        this.total = total;
    }

    public void advance(int rows) {
        written += rows;
        progress.update(written, total, ReportText.progress(label, written, total));
        checkStop();
    }

    public void checkStop() {
        if (progress.stopRequested()) {
            throw new ReportStoppedException(type + " report stopped after " + written + " of " + total + " rows");
        }
    }

    public long written() {
        return written;
    }
}
