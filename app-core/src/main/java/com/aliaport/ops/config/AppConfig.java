package com.aliaport.ops.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration, typed, immutable and validated once at start. Built from a {@link ConfigSource};
 * a bad value stops the process with one line naming the variable.
 */
public record AppConfig(
        Path home,
        String nodeId,
        Database database,
        Redis redis,
        Storage storage,
        RateSources rateSources,
        Http http,
        Scheduler scheduler,
        Audit audit,
        Alerting alerting,
        int workers,
        Reports reports) {

    /** Where alerts go besides the log: a Slack-compatible webhook and/or e-mail; one per interval per alert. */
    public record Alerting(Optional<URI> webhookUrl, Optional<Smtp> smtp, Duration dedupInterval) {
        /** The webhook URL is a credential (Slack's carries its token in the path): scheme and host only. */
        @Override
        public String toString() {
            return "Alerting[webhookUrl="
                    + webhookUrl
                            .map(u -> Masked.value("ALIAPORT_ALERT_WEBHOOK_URL", u.toString()))
                            .orElse("none") + ", smtp="
                    + smtp.map(Smtp::toString).orElse("none") + ", dedupInterval=" + dedupInterval + "]";
        }
    }

    /** SMTP for alert e-mails; the password is a {@link Secret}. */
    public record Smtp(
            String host,
            int port,
            Optional<String> user,
            Optional<Secret> password,
            boolean startTls,
            String from,
            java.util.List<String> to) {}

    /** JDBC settings of an external PostgreSQL; absent means the embedded default under {@code home}. */
    public record Database(Optional<String> url, String user, Optional<Secret> password) {
        public boolean embedded() {
            return url.isEmpty();
        }

        /** The URL without its {@code password=}, the password as {@code ****}. */
        @Override
        public String toString() {
            return "Database[url="
                    + url.map(u -> Masked.value("ALIAPORT_DB_URL", u)).orElse("embedded") + ", user=" + user
                    + ", password=" + password.map(Secret::toString).orElse("none") + "]";
        }
    }

    /**
     * An external Redis URL; absent means the embedded default. {@code requireNoEviction}: refuse to start
     * when Redis reports a {@code maxmemory-policy} other than {@code noeviction}.
     */
    public record Redis(Optional<URI> url, boolean requireNoEviction) {
        public boolean embedded() {
            return url.isEmpty();
        }

        /** The URL without the password of its {@code user:password@}. */
        @Override
        public String toString() {
            return "Redis[url="
                    + url.map(u -> Masked.value("ALIAPORT_REDIS_URL", u.toString()))
                            .orElse("embedded") + "]";
        }
    }

    /** Where report files go: a folder or an S3 bucket with an optional key prefix. */
    public sealed interface Storage permits FolderStorage, S3Storage {}

    public record FolderStorage(Path directory) implements Storage {}

    public record S3Storage(String bucket, String prefix, Optional<URI> endpoint, Optional<String> region)
            implements Storage {
        @Override
        public String toString() {
            return "S3Storage[bucket=" + bucket + ", prefix=" + prefix + ", endpoint="
                    + endpoint.map(u -> Masked.value("ALIAPORT_S3_ENDPOINT", u.toString()))
                            .orElse("default")
                    + ", region=" + region.orElse("default") + "]";
        }
    }

    /**
     * The exchange-rate sources and the sync's knobs: HTTP timeouts (connect; whole request incl. body for
     * TCMB and EVDS), the anomaly threshold in percent, how many calendar days back the scheduled run fills
     * missing bulletins, and how long {@code GET /api/kurlar} answers stay in Redis.
     */
    public record RateSources(
            URI tcmbBase,
            URI evdsBase,
            Optional<Secret> evdsApiKey,
            Duration connectTimeout,
            Duration tcmbTimeout,
            Duration evdsTimeout,
            int anomalyPercent,
            int backfillDays,
            Duration cacheTtl) {
        @Override
        public String toString() {
            return "RateSources[tcmbBase=" + Masked.value("ALIAPORT_TCMB_URL", tcmbBase.toString()) + ", evdsBase="
                    + Masked.value("ALIAPORT_EVDS_URL", evdsBase.toString()) + ", evdsApiKey="
                    + evdsApiKey.map(Secret::toString).orElse("none") + ", connectTimeout=" + connectTimeout
                    + ", tcmbTimeout=" + tcmbTimeout + ", evdsTimeout=" + evdsTimeout + ", anomalyPercent="
                    + anomalyPercent + ", backfillDays=" + backfillDays + ", cacheTtl=" + cacheTtl + "]";
        }
    }

    /**
     * The listener; {@code metricsUser}/{@code metricsPassword} put {@code /metrics} behind basic auth;
     * {@code tls} makes it HTTPS; {@code sseStreamsPerUser} caps one user's open event streams on this node.
     */
    public record Http(
            String bind,
            int port,
            Map<String, String> usersByToken,
            Optional<String> metricsUser,
            Optional<Secret> metricsPassword,
            Optional<HttpTls> tls,
            int sseStreamsPerUser) {
        @Override
        public String toString() {
            return "Http[bind=" + bind + ", port=" + port + ", tokens=" + usersByToken.size() + ", metricsAuth="
                    + metricsUser.isPresent() + "]";
        }
    }

    /**
     * Scheduler defaults (the seed's, made real): misfire grace, retries with exponential backoff, soft and
     * hard time limits, the sizes of the light and heavy pools, the cluster check-in interval.
     * {@code retriesByJob} and {@code retryBackoffByJob} override the retries and the first backoff per job id
     * (checked against the job catalog when the daemon builds it).
     */
    public record Scheduler(
            Duration misfireGrace,
            int retries,
            Duration retryBackoff,
            Duration softLimit,
            Duration hardLimit,
            int lightThreads,
            int heavyThreads,
            Duration clusterCheckin,
            Duration shutdownGrace,
            boolean autoStart,
            int historyRetentionDays,
            Diagnostics diagnostics,
            Map<String, Integer> retriesByJob,
            Map<String, Duration> retryBackoffByJob) {
        public static final String RETRIES_BY_JOB = "ALIAPORT_JOB_RETRIES_BY_JOB";
        public static final String RETRY_BACKOFF_BY_JOB = "ALIAPORT_JOB_RETRY_BACKOFF_SECONDS_BY_JOB";

        public Scheduler {
            retriesByJob = Map.copyOf(retriesByJob);
            retryBackoffByJob = Map.copyOf(retryBackoffByJob);
        }

        /** The retries after a failed scheduled run of {@code jobId}: its own, else the default. */
        public int retriesOf(String jobId) {
            return retriesByJob.getOrDefault(jobId, retries);
        }

        /** The backoff before the first retry of {@code jobId} (it doubles for each next one). */
        public Duration retryBackoffOf(String jobId) {
            return retryBackoffByJob.getOrDefault(jobId, retryBackoff);
        }
    }

    /**
     * Diagnostic jobs for checking a cluster: {@code diag_tick} on a cron of your choice and {@code diag_sleep}
     * (run by hand; sleeps, honouring stop requests) and {@code diag_fail} (always fails, on its own
     * cron: shows retries). Off unless {@code ALIAPORT_DIAGNOSTIC_JOBS=true}.
     */
    public record Diagnostics(boolean enabled, Optional<String> tickCron, Duration sleep, Optional<String> failCron) {}

    /**
     * Audit-log archiving: how many calendar days stay in {@code audit_events}, whether the table is archived
     * row-wise ({@code plain}) or by whole monthly partitions ({@code partitioned}), the rows moved per batch
     * and how many months of partitions are kept ready ahead.
     */
    public record Audit(int retentionDays, Mode mode, int batchSize, int partitionsAhead) {
        public static final int DEFAULT_BATCH_SIZE = 20_000;
        public static final int DEFAULT_PARTITIONS_AHEAD = 3;

        public enum Mode {
            PLAIN,
            PARTITIONED
        }

        public Audit(int retentionDays) {
            this(retentionDays, Mode.PLAIN, DEFAULT_BATCH_SIZE, DEFAULT_PARTITIONS_AHEAD);
        }
    }

    /**
     * The report queue (the seed's Celery settings, made real): soft and hard time limits, retries with
     * exponential backoff, the worker lease, per-user rate limit, backlog limit, download links and how long
     * report files are kept. {@code publicUrl} is the daemon's address as staff reach it (folder-storage
     * links); {@code linkSecret} signs those links and must be the same on every node. {@code queueRoutes}: report
     * types sent to a queue other than {@code reports} (type to queue name; checked when the queue is built).
     */
    public record Reports(
            Duration softLimit,
            Duration hardLimit,
            int retries,
            Duration retryBackoff,
            Duration lease,
            int ratePerMinute,
            int backlogLimit,
            Duration linkTtl,
            Duration fileRetention,
            Optional<URI> publicUrl,
            Optional<Secret> linkSecret,
            Map<String, String> queueRoutes) {
        public static final String QUEUE_ROUTES = "ALIAPORT_QUEUE_ROUTES";

        public Reports {
            queueRoutes = Map.copyOf(queueRoutes);
        }

        @Override
        public String toString() {
            return "Reports[softLimit=" + softLimit + ", hardLimit=" + hardLimit + ", retries=" + retries
                    + ", retryBackoff=" + retryBackoff + ", lease=" + lease + ", ratePerMinute=" + ratePerMinute
                    + ", backlogLimit=" + backlogLimit + ", linkTtl=" + linkTtl + ", fileRetention=" + fileRetention
                    + ", publicUrl="
                    + publicUrl
                            .map(u -> Masked.value("ALIAPORT_PUBLIC_URL", u.toString()))
                            .orElse("none")
                    + ", linkSecret=" + linkSecret.map(Secret::toString).orElse("none") + ", queueRoutes="
                    + queueRoutes + "]";
        }
    }

    public static AppConfig load(ConfigSource source) {
        ConfigValues v = new ConfigValues(source);
        Path home = v.path("ALIAPORT_HOME").orElse(Path.of(System.getProperty("user.home"), ".aliaport"));

        Database database = new Database(
                v.string("ALIAPORT_DB_URL").map(url -> requireJdbc(url)),
                v.string("ALIAPORT_DB_USER", "postgres"),
                v.secret("ALIAPORT_DB_PASSWORD"));
        Redis redis = new Redis(
                v.uri("ALIAPORT_REDIS_URL", "redis", "rediss"), v.bool("ALIAPORT_REDIS_REQUIRE_NOEVICTION", false));
        Storage storage = storage(v, home);
        RateSources rates = new RateSources(
                v.uri("ALIAPORT_TCMB_URL", "http", "https").orElse(URI.create("https://www.tcmb.gov.tr/kurlar")),
                v.uri("ALIAPORT_EVDS_URL", "http", "https")
                        .orElse(URI.create("https://evds3.tcmb.gov.tr/igmevdsms-dis/")),
                v.secret("ALIAPORT_EVDS_API_KEY"),
                v.seconds("ALIAPORT_RATES_CONNECT_TIMEOUT_SECONDS", Duration.ofSeconds(10), 1, 300),
                v.seconds("ALIAPORT_TCMB_TIMEOUT_SECONDS", Duration.ofSeconds(30), 1, 600),
                v.seconds("ALIAPORT_EVDS_TIMEOUT_SECONDS", Duration.ofSeconds(60), 1, 600),
                v.integer("ALIAPORT_KUR_ANOMALY_PERCENT", 10, 1, 100),
                v.integer("ALIAPORT_KUR_BACKFILL_DAYS", 31, 0, 366),
                v.seconds("ALIAPORT_KUR_CACHE_TTL_SECONDS", Duration.ofHours(1), 1, 86_400));
        Http http = new Http(
                v.string("ALIAPORT_HTTP_BIND", "127.0.0.1"),
                v.integer("ALIAPORT_HTTP_PORT", 8080, 0, 65535),
                tokens(v.string("ALIAPORT_API_TOKENS").orElse("")),
                v.string("ALIAPORT_METRICS_USER"),
                v.secret("ALIAPORT_METRICS_PASSWORD"),
                HttpTls.load(v.path("ALIAPORT_HTTP_TLS_KEYSTORE"), v.secret("ALIAPORT_HTTP_TLS_KEYSTORE_PASSWORD")),
                v.integer("ALIAPORT_SSE_STREAMS_PER_USER", 4, 1, 1_000));
        if (http.metricsUser().isPresent() != http.metricsPassword().isPresent()) {
            throw new ConfigException(
                    "ALIAPORT_METRICS_PASSWORD: set both ALIAPORT_METRICS_USER and ALIAPORT_METRICS_PASSWORD, or neither");
        }
        Scheduler scheduler = new Scheduler(
                v.seconds("ALIAPORT_MISFIRE_GRACE_SECONDS", Duration.ofSeconds(300), 1, 86_400),
                v.integer("ALIAPORT_JOB_RETRIES", 3, 0, 20),
                v.seconds("ALIAPORT_JOB_RETRY_BACKOFF_SECONDS", Duration.ofMinutes(5), 1, 86_400),
                v.seconds("ALIAPORT_JOB_SOFT_LIMIT_SECONDS", Duration.ofSeconds(540), 1, 86_400),
                v.seconds("ALIAPORT_JOB_HARD_LIMIT_SECONDS", Duration.ofMinutes(10), 1, 86_400),
                v.integer("ALIAPORT_SCHEDULER_LIGHT_THREADS", 4, 1, 64),
                v.integer("ALIAPORT_SCHEDULER_HEAVY_THREADS", 2, 1, 64),
                Duration.ofMillis(v.integer("ALIAPORT_CLUSTER_CHECKIN_MS", 5_000, 500, 60_000)),
                v.seconds("ALIAPORT_SHUTDOWN_GRACE_SECONDS", Duration.ofSeconds(30), 0, 3_600),
                v.bool("ALIAPORT_SCHEDULER_ENABLED", true),
                v.integer("ALIAPORT_HISTORY_RETENTION_DAYS", 180, 1, 36_500),
                new Diagnostics(
                        v.bool("ALIAPORT_DIAGNOSTIC_JOBS", false),
                        v.string("ALIAPORT_DIAG_TICK_CRON"),
                        v.seconds("ALIAPORT_DIAG_SLEEP_SECONDS", Duration.ofSeconds(30), 0, 86_400),
                        v.string("ALIAPORT_DIAG_FAIL_CRON")),
                NamedValues.integers(Scheduler.RETRIES_BY_JOB, v.string(Scheduler.RETRIES_BY_JOB, ""), 0, 20),
                NamedValues.seconds(
                        Scheduler.RETRY_BACKOFF_BY_JOB, v.string(Scheduler.RETRY_BACKOFF_BY_JOB, ""), 1, 86_400));
        if (scheduler.hardLimit().compareTo(scheduler.softLimit()) < 0) {
            throw new ConfigException(
                    "ALIAPORT_JOB_HARD_LIMIT_SECONDS: must not be below ALIAPORT_JOB_SOFT_LIMIT_SECONDS");
        }
        // Read whether or not SMTP is on: a mistyped value must stop the process, not wait for the host to be set.
        boolean startTls = v.bool("ALIAPORT_SMTP_STARTTLS", false);
        Optional<Smtp> smtp = v.string("ALIAPORT_SMTP_HOST")
                .map(
                        host -> new Smtp(
                                host,
                                v.integer("ALIAPORT_SMTP_PORT", 25, 1, 65535),
                                v.string("ALIAPORT_SMTP_USER"),
                                v.secret("ALIAPORT_SMTP_PASSWORD"),
                                startTls,
                                v.string("ALIAPORT_SMTP_FROM", "aliaport-ops@localhost"),
                                recipients(
                                        v.string("ALIAPORT_SMTP_TO")
                                                .orElseThrow(
                                                        () -> new ConfigException(
                                                                "ALIAPORT_SMTP_TO: needed when ALIAPORT_SMTP_HOST is set (comma-separated addresses)")))));
        Alerting alerting = new Alerting(
                v.uri("ALIAPORT_ALERT_WEBHOOK_URL", "http", "https"),
                smtp,
                v.seconds("ALIAPORT_ALERT_DEDUP_SECONDS", Duration.ofMinutes(15), 0, 86_400));
        Audit audit = new Audit(
                v.integer("ALIAPORT_AUDIT_RETENTION_DAYS", 90, 1, 36_500),
                auditMode(v.string("ALIAPORT_AUDIT_MODE", "plain")),
                v.integer("ALIAPORT_AUDIT_BATCH_SIZE", Audit.DEFAULT_BATCH_SIZE, 100, 1_000_000),
                v.integer("ALIAPORT_AUDIT_PARTITIONS_AHEAD", Audit.DEFAULT_PARTITIONS_AHEAD, 1, 60));
        Reports reports = new Reports(
                v.seconds("ALIAPORT_REPORT_SOFT_LIMIT_SECONDS", Duration.ofSeconds(540), 1, 86_400),
                v.seconds("ALIAPORT_REPORT_HARD_LIMIT_SECONDS", Duration.ofSeconds(600), 1, 86_400),
                v.integer("ALIAPORT_REPORT_RETRIES", 3, 0, 20),
                v.seconds("ALIAPORT_REPORT_RETRY_BACKOFF_SECONDS", Duration.ofSeconds(10), 1, 86_400),
                v.seconds("ALIAPORT_REPORT_LEASE_SECONDS", Duration.ofSeconds(30), 3, 3_600),
                v.integer("ALIAPORT_REPORT_RATE_PER_MINUTE", 10, 1, 100_000),
                v.integer("ALIAPORT_REPORT_BACKLOG_LIMIT", 200, 1, 1_000_000),
                v.seconds("ALIAPORT_REPORT_LINK_TTL_SECONDS", Duration.ofMinutes(15), 10, 7 * 86_400),
                Duration.ofDays(v.integer("ALIAPORT_REPORT_RETENTION_DAYS", 7, 1, 3_650)),
                v.uri("ALIAPORT_PUBLIC_URL", "http", "https"),
                v.secret("ALIAPORT_LINK_SECRET"),
                NamedValues.parse(Reports.QUEUE_ROUTES, v.string(Reports.QUEUE_ROUTES, "")));
        if (reports.hardLimit().compareTo(reports.softLimit()) < 0) {
            throw new ConfigException(
                    "ALIAPORT_REPORT_HARD_LIMIT_SECONDS: must not be below ALIAPORT_REPORT_SOFT_LIMIT_SECONDS");
        }
        if (reports.linkSecret().isPresent()
                && reports.linkSecret().get().value().length() < 16) {
            throw new ConfigException("ALIAPORT_LINK_SECRET: must be at least 16 characters");
        }
        return new AppConfig(
                home,
                v.string("ALIAPORT_NODE_ID").orElseGet(AppConfig::hostName),
                database,
                redis,
                storage,
                rates,
                http,
                scheduler,
                audit,
                alerting,
                v.integer("ALIAPORT_WORKERS", 2, 0, 256),
                reports);
    }

    private static Audit.Mode auditMode(String raw) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "plain" -> Audit.Mode.PLAIN;
            case "partitioned" -> Audit.Mode.PARTITIONED;
            default -> throw new ConfigException("ALIAPORT_AUDIT_MODE: '" + raw + "' is not plain or partitioned");
        };
    }

    private static String requireJdbc(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException("ALIAPORT_DB_URL: '" + Masked.value("ALIAPORT_DB_URL", url)
                    + "' must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        return url;
    }

    private static Storage storage(ConfigValues v, Path home) {
        Optional<String> raw = v.string("ALIAPORT_STORAGE");
        if (raw.isEmpty()) {
            return new FolderStorage(home.resolve("reports"));
        }
        String value = raw.get();
        if (value.startsWith("file:")) {
            String dir = value.substring("file:".length());
            if (dir.startsWith("//")) {
                dir = dir.substring(2);
            }
            if (dir.isBlank()) {
                throw new ConfigException(
                        "ALIAPORT_STORAGE: 'file:' needs a folder, as in file:/var/lib/aliaport/reports");
            }
            return new FolderStorage(Path.of(dir));
        }
        if (value.startsWith("s3://")) {
            String rest = value.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "");
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new ConfigException("ALIAPORT_STORAGE: '" + bucket + "' is not a valid S3 bucket name");
            }
            return new S3Storage(
                    bucket, prefix, v.uri("ALIAPORT_S3_ENDPOINT", "http", "https"), v.string("ALIAPORT_S3_REGION"));
        }
        throw new ConfigException(
                "ALIAPORT_STORAGE: unknown storage scheme in '" + value + "' (use file:/dir or s3://bucket[/prefix])");
    }

    private static Map<String, String> tokens(String raw) {
        Map<String, String> usersByToken = new LinkedHashMap<>();
        if (raw.isBlank()) {
            return Map.of();
        }
        for (String pair : raw.split(",")) {
            String p = pair.strip();
            int colon = p.indexOf(':');
            if (colon <= 0 || colon == p.length() - 1) {
                throw new ConfigException("ALIAPORT_API_TOKENS: each entry must be user_id:token (entry "
                        + (usersByToken.size() + 1) + " is not)");
            }
            String token = p.substring(colon + 1);
            if (usersByToken.putIfAbsent(token, p.substring(0, colon)) != null) {
                throw new ConfigException("ALIAPORT_API_TOKENS: the same token is given to two users");
            }
        }
        return Map.copyOf(usersByToken);
    }

    private static java.util.List<String> recipients(String raw) {
        java.util.List<String> to = java.util.Arrays.stream(raw.split(","))
                .map(String::strip)
                .filter(x -> !x.isEmpty())
                .toList();
        for (String address : to) {
            if (!address.matches("[^@\\s]+@[^@\\s]+")) {
                throw new ConfigException("ALIAPORT_SMTP_TO: '" + address + "' is not an e-mail address");
            }
        }
        return to;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node-" + ProcessHandle.current().pid();
        }
    }
}
