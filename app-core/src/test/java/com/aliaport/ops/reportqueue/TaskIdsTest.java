package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskIdsTest {
    private static final Instant AT = Instant.parse("2026-12-03T10:15:30.123456789Z");

    @Test
    void an_id_is_an_rfc_9562_version_7_uuid_of_its_creation_millisecond() {
        UUID id = TaskIds.next(AT);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(AT.toEpochMilli());
        assertThat(id.toString()).startsWith("01a23b66-ea4b-7"); // 1,796,292,930,123 ms in hex, then the version
    }

    @Test
    void ids_of_later_milliseconds_sort_after_earlier_ones_as_postgresql_compares_them() {
        UUID earlier = TaskIds.next(AT);
        UUID later = TaskIds.next(AT.plusMillis(1));

        // PostgreSQL compares uuids byte by byte, unsigned: the text form's order.
        assertThat(later.toString()).isGreaterThan(earlier.toString());
    }

    @Test
    void ids_of_one_millisecond_differ() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TaskIds.next(AT));
        }

        assertThat(ids).hasSize(100_000);
    }
}
