package com.aliaport.ops.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RowPipeTest {
    @Test
    void every_row_arrives_in_order_in_batches() throws Exception {
        List<Integer> seen = new ArrayList<>();
        List<Integer> batchSizes = new ArrayList<>();

        RowPipe.<Integer>run(
                "test",
                100,
                sink -> {
                    for (int i = 0; i < 1_050; i++) {
                        sink.accept(i);
                    }
                },
                batch -> {
                    batchSizes.add(batch.size());
                    seen.addAll(batch);
                });

        assertThat(seen).hasSize(1_050).isSorted();
        assertThat(batchSizes).hasSize(11).last().isEqualTo(50);
    }

    @Test
    void a_writer_that_stops_also_stops_the_reader() {
        AtomicInteger read = new AtomicInteger();

        assertThatThrownBy(() -> RowPipe.<Integer>run(
                        "test",
                        10,
                        sink -> {
                            for (int i = 0; i < 1_000_000; i++) {
                                read.incrementAndGet();
                                sink.accept(i);
                            }
                        },
                        batch -> {
                            throw new ReportStoppedException("stop");
                        }))
                .isInstanceOf(ReportStoppedException.class);

        // the reader got at most the batches that fit in the pipe, not the million rows
        assertThat(read.get()).isLessThan(100);
    }

    @Test
    void a_reader_failure_reaches_the_caller() {
        assertThatThrownBy(() -> RowPipe.<Integer>run(
                        "test",
                        10,
                        sink -> {
                            sink.accept(1);
                            throw new IllegalStateException("cursor broke");
                        },
                        batch -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cursor broke");
    }
}
