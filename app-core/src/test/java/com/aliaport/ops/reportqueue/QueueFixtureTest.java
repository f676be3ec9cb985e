package com.aliaport.ops.reportqueue;

import com.aliaport.ops.testsupport.reports.ReportQueueFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What the queue's suites share: a fixture of each test's own, in a temporary folder, closed after the test. */
abstract class QueueFixtureTest {
    static final Map<String, Object> MARCH = Map.of("date_from", "2026-03-01", "date_to", "2026-03-31");

    @TempDir
    Path dir;

    ReportQueueFixture fixture;

    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }
}
