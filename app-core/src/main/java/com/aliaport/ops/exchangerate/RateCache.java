package com.aliaport.ops.exchangerate;

import java.time.LocalDate;
import java.util.Optional;

/** The {@code kurlar:{date}} cache of {@code GET /api/kurlar} answers (JSON). */
public interface RateCache {
    String KEY_PREFIX = "kurlar:";

    Optional<String> get(LocalDate date);

    void put(LocalDate date, String json);

    /** Deletes every {@code kurlar:*} key; returns how many. */
    long invalidateAll();

    /** No cache: every read goes to the database. */
    RateCache NONE = new RateCache() {
        @Override
        public Optional<String> get(LocalDate date) {
            return Optional.empty();
        }

        @Override
        public void put(LocalDate date, String json) {}

        @Override
        public long invalidateAll() {
            return 0;
        }
    };
}
