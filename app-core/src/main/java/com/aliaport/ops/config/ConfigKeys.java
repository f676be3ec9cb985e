package com.aliaport.ops.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every {@code ALIAPORT_*} variable the daemon understands, each with how its value may be printed. The one list:
 * {@link ConfigValues} refuses to read a key that is not here (so {@link AppConfig} cannot read one it does not
 * declare), and the start-up warning about unknown keys compares against it (so a misspelling is named).
 */
public final class ConfigKeys {
    /** How a value may appear in a log line, an error message or a {@code toString}. */
    public enum Kind {
        /** Printed as it is. */
        PLAIN,
        /** Never printed. */
        SECRET,
        /** A URL that may carry a password ({@code user:password@}, {@code password=}): that part is hidden. */
        URL,
        /** A URL whose path or query is the credential (a Slack webhook's): only scheme and host print. */
        SECRET_URL
    }

    /**
     * The test harness's own variables ({@code ALIAPORT_TEST_PG_URL}, {@code ALIAPORT_TEST_REDIS_URL}, ...): set in
     * the shell of whoever runs the tests, never read by the daemon, so not worth a warning.
     */
    public static final String TEST_PREFIX = "ALIAPORT_TEST_";

    private static final Map<String, Kind> KEYS = new LinkedHashMap<>();

    static {
        // Where and who
        plain("ALIAPORT_HOME", "ALIAPORT_CONFIG", "ALIAPORT_NODE_ID", "ALIAPORT_WORKERS");
        // Read by logback.xml, not by AppConfig
        plain("ALIAPORT_LOG_LEVEL");
        // PostgreSQL and Redis
        KEYS.put("ALIAPORT_DB_URL", Kind.URL);
        plain("ALIAPORT_DB_USER");
        KEYS.put("ALIAPORT_DB_PASSWORD", Kind.SECRET);
        KEYS.put("ALIAPORT_REDIS_URL", Kind.URL);
        plain("ALIAPORT_REDIS_REQUIRE_NOEVICTION");
        // Report storage
        plain("ALIAPORT_STORAGE", "ALIAPORT_S3_REGION");
        KEYS.put("ALIAPORT_S3_ENDPOINT", Kind.URL);
        // Exchange-rate sources
        KEYS.put("ALIAPORT_TCMB_URL", Kind.URL);
        KEYS.put("ALIAPORT_EVDS_URL", Kind.URL);
        KEYS.put("ALIAPORT_EVDS_API_KEY", Kind.SECRET);
        plain(
                "ALIAPORT_RATES_CONNECT_TIMEOUT_SECONDS",
                "ALIAPORT_TCMB_TIMEOUT_SECONDS",
                "ALIAPORT_EVDS_TIMEOUT_SECONDS",
                "ALIAPORT_KUR_ANOMALY_PERCENT",
                "ALIAPORT_KUR_BACKFILL_DAYS",
                "ALIAPORT_KUR_CACHE_TTL_SECONDS");
        // HTTP
        plain(
                "ALIAPORT_HTTP_BIND",
                "ALIAPORT_HTTP_PORT",
                "ALIAPORT_METRICS_USER",
                "ALIAPORT_HTTP_TLS_KEYSTORE",
                "ALIAPORT_SSE_STREAMS_PER_USER");
        KEYS.put("ALIAPORT_API_TOKENS", Kind.SECRET);
        KEYS.put("ALIAPORT_METRICS_PASSWORD", Kind.SECRET);
        KEYS.put("ALIAPORT_HTTP_TLS_KEYSTORE_PASSWORD", Kind.SECRET);
        // Scheduler
        plain(
                "ALIAPORT_MISFIRE_GRACE_SECONDS",
                "ALIAPORT_JOB_RETRIES",
                "ALIAPORT_JOB_RETRY_BACKOFF_SECONDS",
                "ALIAPORT_JOB_RETRIES_BY_JOB",
                "ALIAPORT_JOB_RETRY_BACKOFF_SECONDS_BY_JOB",
                "ALIAPORT_JOB_SOFT_LIMIT_SECONDS",
                "ALIAPORT_JOB_HARD_LIMIT_SECONDS",
                "ALIAPORT_SCHEDULER_LIGHT_THREADS",
                "ALIAPORT_SCHEDULER_HEAVY_THREADS",
                "ALIAPORT_CLUSTER_CHECKIN_MS",
                "ALIAPORT_SHUTDOWN_GRACE_SECONDS",
                "ALIAPORT_SCHEDULER_ENABLED",
                "ALIAPORT_HISTORY_RETENTION_DAYS",
                "ALIAPORT_DIAGNOSTIC_JOBS",
                "ALIAPORT_DIAG_TICK_CRON",
                "ALIAPORT_DIAG_SLEEP_SECONDS",
                "ALIAPORT_DIAG_FAIL_CRON");
        // Alerts
        KEYS.put("ALIAPORT_ALERT_WEBHOOK_URL", Kind.SECRET_URL);
        plain(
                "ALIAPORT_ALERT_DEDUP_SECONDS",
                "ALIAPORT_SMTP_HOST",
                "ALIAPORT_SMTP_PORT",
                "ALIAPORT_SMTP_USER",
                "ALIAPORT_SMTP_STARTTLS",
                "ALIAPORT_SMTP_FROM",
                "ALIAPORT_SMTP_TO");
        KEYS.put("ALIAPORT_SMTP_PASSWORD", Kind.SECRET);
        // Audit log
        plain(
                "ALIAPORT_AUDIT_RETENTION_DAYS",
                "ALIAPORT_AUDIT_MODE",
                "ALIAPORT_AUDIT_BATCH_SIZE",
                "ALIAPORT_AUDIT_PARTITIONS_AHEAD");
        // Report queue
        plain(
                "ALIAPORT_REPORT_SOFT_LIMIT_SECONDS",
                "ALIAPORT_REPORT_HARD_LIMIT_SECONDS",
                "ALIAPORT_REPORT_RETRIES",
                "ALIAPORT_REPORT_RETRY_BACKOFF_SECONDS",
                "ALIAPORT_REPORT_LEASE_SECONDS",
                "ALIAPORT_REPORT_RATE_PER_MINUTE",
                "ALIAPORT_REPORT_BACKLOG_LIMIT",
                "ALIAPORT_QUEUE_ROUTES",
                "ALIAPORT_REPORT_LINK_TTL_SECONDS",
                "ALIAPORT_REPORT_RETENTION_DAYS");
        KEYS.put("ALIAPORT_PUBLIC_URL", Kind.URL);
        KEYS.put("ALIAPORT_LINK_SECRET", Kind.SECRET);
    }

    private ConfigKeys() {}

    private static void plain(String... keys) {
        for (String k : keys) {
            KEYS.put(k, Kind.PLAIN);
        }
    }

    /** Every known key, in the order above. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(KEYS.keySet());
    }

    /** How {@code key}'s value may be printed; a key missing from the list is a programming error. */
    public static Kind kind(String key) {
        Kind kind = KEYS.get(key);
        if (kind == null) {
            throw new IllegalStateException(key + " is read but not declared in ConfigKeys");
        }
        return kind;
    }

    /** One warning per {@code ALIAPORT_*} key of {@code present} that no code reads, naming the closest known one. */
    public static List<String> unknown(Collection<String> present, String where) {
        List<String> warnings = new ArrayList<>();
        present.stream().sorted().forEach(key -> {
            if (key.startsWith("ALIAPORT_") && !key.startsWith(TEST_PREFIX) && !KEYS.containsKey(key)) {
                warnings.add("unknown setting " + key + " in " + where + " is ignored"
                        + closest(key).map(k -> " (did you mean " + k + "?)").orElse(""));
            }
        });
        return warnings;
    }

    /** The known key fewest edits away from {@code key}, if one is near enough to be a typo. */
    static Optional<String> closest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : KEYS.keySet()) {
            int d = distance(key, known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        // The shared ALIAPORT_ prefix says nothing; a third of the rest may differ.
        int budget = Math.max(2, (key.length() - "ALIAPORT_".length()) / 3);
        return bestDistance <= budget ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
