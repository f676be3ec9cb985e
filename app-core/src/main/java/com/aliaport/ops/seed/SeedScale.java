package com.aliaport.ops.seed;

/**
 * How much demo data to make. The same scale, seed and clock always give the same rows.
 *
 * @param historyDays account movements, stays and manifests spread over this many days up to today
 * @param auditDays audit events spread over this many days up to now
 */
public record SeedScale(
        long seed,
        int customers,
        int vessels,
        int stays,
        int manifests,
        int minItemsPerManifest,
        int maxItemsPerManifest,
        int movements,
        int auditEvents,
        int historyDays,
        int auditDays) {

    public SeedScale {
        requireAtLeast("customers", customers, 1);
        requireAtLeast("vessels", vessels, 1);
        requireAtLeast("stays", stays, 0);
        requireAtLeast("manifests", manifests, 0);
        requireAtLeast("minItemsPerManifest", minItemsPerManifest, 0);
        requireAtLeast("maxItemsPerManifest", maxItemsPerManifest, minItemsPerManifest);
        requireAtLeast("movements", movements, 0);
        requireAtLeast("auditEvents", auditEvents, 0);
        requireAtLeast("historyDays", historyDays, 1);
        requireAtLeast("auditDays", auditDays, 1);
    }

    /** A few seconds: enough for every screen and report to show something real. */
    public static SeedScale small() {
        return new SeedScale(20260101L, 60, 80, 1_500, 40, 12, 400, 20_000, 5_000, 730, 200);
    }

    /** A port's two years at full size: 1,000,000 account movements. */
    public static SeedScale large() {
        return new SeedScale(20260101L, 800, 600, 60_000, 1_000, 20, 2_000, 1_000_000, 200_000, 730, 200);
    }

    public static SeedScale named(String name) {
        return switch (name) {
            case "small" -> small();
            case "large" -> large();
            default -> throw new IllegalArgumentException("scale must be small or large, not '" + name + "'");
        };
    }

    public SeedScale withSeed(long value) {
        return new SeedScale(
                value,
                customers,
                vessels,
                stays,
                manifests,
                minItemsPerManifest,
                maxItemsPerManifest,
                movements,
                auditEvents,
                historyDays,
                auditDays);
    }

    public SeedScale withCustomers(int value) {
        return new SeedScale(
                seed,
                value,
                vessels,
                stays,
                manifests,
                minItemsPerManifest,
                maxItemsPerManifest,
                movements,
                auditEvents,
                historyDays,
                auditDays);
    }

    public SeedScale withVessels(int value) {
        return new SeedScale(
                seed,
                customers,
                value,
                stays,
                manifests,
                minItemsPerManifest,
                maxItemsPerManifest,
                movements,
                auditEvents,
                historyDays,
                auditDays);
    }

    public SeedScale withStays(int value) {
        return new SeedScale(
                seed,
                customers,
                vessels,
                value,
                manifests,
                minItemsPerManifest,
                maxItemsPerManifest,
                movements,
                auditEvents,
                historyDays,
                auditDays);
    }

    public SeedScale withManifests(int value, int minItems, int maxItems) {
        return new SeedScale(
                seed,
                customers,
                vessels,
                stays,
                value,
                minItems,
                maxItems,
                movements,
                auditEvents,
                historyDays,
                auditDays);
    }

    public SeedScale withMovements(int value) {
        return new SeedScale(
                seed,
                customers,
                vessels,
                stays,
                manifests,
                minItemsPerManifest,
                maxItemsPerManifest,
                value,
                auditEvents,
                historyDays,
                auditDays);
    }

    public SeedScale withAuditEvents(int value) {
        return new SeedScale(
                seed,
                customers,
                vessels,
                stays,
                manifests,
                minItemsPerManifest,
                maxItemsPerManifest,
                movements,
                value,
                historyDays,
                auditDays);
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", not " + value);
        }
    }
}
