package com.aliaport.ops.seed;

import java.time.Duration;

/** What a seeding run wrote. {@code demoRates} is 0 when {@code kurlar} already covered the period. */
public record SeedReport(
        int customers,
        int vessels,
        int stays,
        int manifests,
        long manifestItems,
        long movements,
        int auditEvents,
        int demoRates,
        Duration elapsed) {

    /** One line for the CLI. */
    public String summary() {
        return "%d cari, %d gemi, %d barınma, %d manifesto (%d kalem), %d cari hareket, %d audit olayı, %d demo kur in %.1f s"
                .formatted(
                        customers,
                        vessels,
                        stays,
                        manifests,
                        manifestItems,
                        movements,
                        auditEvents,
                        demoRates,
                        elapsed.toMillis() / 1000.0);
    }
}
