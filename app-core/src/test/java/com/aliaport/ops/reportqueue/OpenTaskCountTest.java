package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class OpenTaskCountTest {
    /** A limit the counts of these tests are within reach of (at least half): read again after NEAR_AGE. */
    private static final int NEAR = 12;
    /** An age short enough for a test to wait it out. */
    private static final Duration QUICK_AGE = Duration.ofMillis(100);

    @Test
    void reads_once_then_counts_own_submissions_until_the_reading_is_a_second_old() throws InterruptedException {
        AtomicLong inDatabase = new AtomicLong(7);
        AtomicInteger reads = new AtomicInteger();
        OpenTaskCount count = new OpenTaskCount(
                cap -> {
                    reads.incrementAndGet();
                    return inDatabase.get();
                },
                NEAR);

        assertThat(count.current()).isEqualTo(7);
        count.added(1);
        count.added(1);
        inDatabase.set(3); // tasks finished meanwhile: seen only at the next reading
        assertThat(count.current()).isEqualTo(9);
        assertThat(reads).hasValue(1);

        // Asked for since the first reading: read again in the background once that is a second old.
        awaitCount(count, 3);
        assertThat(reads).hasValue(2);
    }

    @Test
    void a_node_nobody_asks_reads_nothing_after_the_first_reading() throws InterruptedException {
        AtomicInteger reads = new AtomicInteger();
        try (OpenTaskCount count = new OpenTaskCount(cap -> reads.incrementAndGet(), NEAR, QUICK_AGE, QUICK_AGE)) {
            assertThat(count.current()).isEqualTo(1);
            Thread.sleep(QUICK_AGE.toMillis() * 5);
            assertThat(reads).as("no submission since the first reading").hasValue(1);

            count.current(); // asked: read once more, then nothing until asked again
            awaitReads(reads, 2);
            Thread.sleep(QUICK_AGE.toMillis() * 5);
            assertThat(reads).hasValue(2);
        }
    }

    @Test
    void close_stops_the_reading_thread() throws InterruptedException {
        AtomicReference<Thread> reader = new AtomicReference<>();
        OpenTaskCount count = readingIn(reader);
        count.current();
        count.current();
        within5s(() -> reader.get() != Thread.currentThread());
        Thread background = reader.get();
        assertThat(background).isNotSameAs(Thread.currentThread());

        count.close();
        background.join(5_000);
        assertThat(background.isAlive()).isFalse();
    }

    @Test
    void the_background_reading_runs_on_a_platform_daemon_thread_not_a_virtual_one() throws InterruptedException {
        AtomicReference<Thread> reader = new AtomicReference<>();
        OpenTaskCount count = readingIn(reader);
        count.current(); // the first reading, by this thread
        Thread.sleep(QUICK_AGE.toMillis() + 50);

        count.current(); // asks for the count, which is old: the next reading is made in the background
        Thread submitter = Thread.currentThread();
        within5s(() -> reader.get() != submitter);

        Thread background = reader.get();
        assertThat(background).isNotSameAs(submitter);
        assertThat(background.getName()).isEqualTo("report-backlog-count");
        assertThat(background.isVirtual())
                .as("a virtual thread makes C2 drop compiled lock code")
                .isFalse();
        assertThat(background.isDaemon()).isTrue();
    }

    @Test
    void far_below_the_limit_the_count_is_read_again_only_after_the_longer_age() throws InterruptedException {
        AtomicLong inDatabase = new AtomicLong(7);
        AtomicInteger reads = new AtomicInteger();
        Duration near = Duration.ofMillis(200);
        Duration far = Duration.ofMillis(1_200);
        OpenTaskCount count = new OpenTaskCount(
                cap -> {
                    reads.incrementAndGet();
                    return inDatabase.get();
                },
                100,
                near,
                far);

        assertThat(count.current()).isEqualTo(7);
        inDatabase.set(60);
        Thread.sleep(near.toMillis() + 100);
        assertThat(count.current())
                .as("7 of 100: far below, not read again yet")
                .isEqualTo(7);
        Thread.sleep(50);
        assertThat(reads).hasValue(1);

        Thread.sleep(far.toMillis());
        count.current(); // the reading is older than the longer age: read again behind this call
        awaitCount(count, 60);
        assertThat(reads).hasValue(2);

        // 60 of 100: within reach of the limit, read again after the shorter age.
        inDatabase.set(20);
        Thread.sleep(near.toMillis() + 100);
        count.current();
        awaitCount(count, 20);
        assertThat(reads).hasValue(3);
    }

    @Test
    void own_submissions_bring_the_count_within_reach_and_the_shorter_age_back() throws InterruptedException {
        AtomicInteger reads = new AtomicInteger();
        Duration near = Duration.ofMillis(200);
        OpenTaskCount count = new OpenTaskCount(
                cap -> {
                    reads.incrementAndGet();
                    return 10;
                },
                100,
                near,
                Duration.ofMinutes(10));
        assertThat(count.current()).isEqualTo(10);
        Thread.sleep(50); // 10 of 100: far below the limit, the longer age
        count.added(40); // 50 of 100: half the limit
        Thread.sleep(near.toMillis() + 100);
        assertThat(count.current()).isEqualTo(50);
        awaitCount(count, 10);
        assertThat(reads).hasValue(2);
    }

    @Test
    void a_submitter_never_waits_for_a_reading_after_the_first() throws InterruptedException {
        CountDownLatch slowRead = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        OpenTaskCount count = new OpenTaskCount(
                cap -> {
                    if (reads.incrementAndGet() > 1) {
                        try {
                            slowRead.await(2, TimeUnit.SECONDS); // a count that takes until the test says (or 2 s)
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return 40;
                    }
                    return 4;
                },
                4);
        assertThat(count.current()).isEqualTo(4);
        Thread.sleep(OpenTaskCount.NEAR_AGE.toMillis() + 50);

        long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThat(count.current()).isEqualTo(4);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
        awaitReads(reads, 2);
        assertThat(reads).as("one reading at a time").hasValue(2);
        slowRead.countDown();
        awaitCount(count, 40);
    }

    @Test
    void a_failed_reading_keeps_the_count_and_is_tried_again() throws InterruptedException {
        AtomicInteger reads = new AtomicInteger();
        OpenTaskCount count = new OpenTaskCount(
                cap -> {
                    if (reads.incrementAndGet() == 2) {
                        throw new IllegalStateException("PostgreSQL away");
                    }
                    return reads.get() * 10L;
                },
                NEAR);
        assertThat(count.current()).isEqualTo(10);
        Thread.sleep(OpenTaskCount.NEAR_AGE.toMillis() + 50);
        assertThat(count.current()).isEqualTo(10);
        awaitReads(reads, 2);
        Thread.sleep(50);
        assertThat(count.current()).isEqualTo(10); // the failed reading changed nothing; this call reads again
        awaitReads(reads, 3);
        awaitCount(count, 30);
    }

    /** A count of 7 read again after {@link #QUICK_AGE} near the limit or not, which tells {@code reader} who read. */
    private static OpenTaskCount readingIn(AtomicReference<Thread> reader) {
        return new OpenTaskCount(
                cap -> {
                    reader.set(Thread.currentThread());
                    return 7;
                },
                NEAR,
                QUICK_AGE,
                QUICK_AGE);
    }

    private static void awaitReads(AtomicInteger reads, int n) throws InterruptedException {
        within5s(() -> reads.get() >= n);
        assertThat(reads.get()).isGreaterThanOrEqualTo(n);
    }

    /** Until the background reading has landed (or 5 s); the caller's value is asserted as before. */
    private static void awaitCount(OpenTaskCount count, long expected) throws InterruptedException {
        within5s(() -> count.current() == expected);
        assertThat(count.current()).isEqualTo(expected);
    }

    private static void within5s(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
