package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OpenTaskCountTest {
    @Test
    void reads_once_then_counts_own_submissions_until_the_reading_is_a_second_old() throws InterruptedException {
        AtomicLong inDatabase = new AtomicLong(7);
        AtomicInteger reads = new AtomicInteger();
        OpenTaskCount count = new OpenTaskCount(() -> {
            reads.incrementAndGet();
            return inDatabase.get();
        });

        assertThat(count.current()).isEqualTo(7);
        count.added(1);
        count.added(1);
        inDatabase.set(3); // tasks finished meanwhile: seen only at the next reading
        assertThat(count.current()).isEqualTo(9);
        assertThat(reads).hasValue(1);

        Thread.sleep(OpenTaskCount.MAX_AGE.toMillis() + 50);
        assertThat(count.current()).isEqualTo(3);
        assertThat(reads).hasValue(2);
    }
}
