package com.aliaport.ops.report;

import java.util.ArrayList;
import java.util.List;

/** Keeps every progress update; asks to stop once {@code stopAfter} rows were reported. */
final class RecordingProgress implements ReportProgress {
    record Update(long current, long total, String status) {}

    final List<Update> updates = new ArrayList<>();
    private final long stopAfter;

    RecordingProgress() {
        this(Long.MAX_VALUE);
    }

    RecordingProgress(long stopAfter) {
        this.stopAfter = stopAfter;
    }

    @Override
    public void update(long current, long total, String status) {
        updates.add(new Update(current, total, status));
    }

    @Override
    public boolean stopRequested() {
        return !updates.isEmpty() && updates.getLast().current() >= stopAfter;
    }
}
