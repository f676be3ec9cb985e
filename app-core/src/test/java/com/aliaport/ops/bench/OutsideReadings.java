package com.aliaport.ops.bench;

import com.aliaport.ops.db.ConnectionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What ours' bench reads of Redis and PostgreSQL around its measured batch (Redis's command counts, PostgreSQL's WAL
 * position and checkpoints), read through {@code redis-cli} and {@code psql} in processes of their own. Read through
 * the queue's own clients, these readings ran code the queue runs too, just before the batch, down branches the
 * queue never takes (a new Jedis connection's handshake, a reply type its reads never get): HotSpot threw away the
 * compiled code of Jedis's reply parser and compiled it again inside the measured batch, 0.35-0.37 s of C2 on one of
 * the two cores (session 35, JFR). db-scheduler's bench reads nothing but {@code /proc} there.
 */
final class OutsideReadings {
    private OutsideReadings() {}

    /** Calls of each command since Redis started ({@code INFO commandstats}). */
    static Map<String, Long> redisCalls(URI redis) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : run(Map.of(), "redis-cli", "-u", redis.toString(), "info", "commandstats")
                .split("\n")) {
            // cmdstat_xadd:calls=20000,usec=...
            int colon = line.indexOf(':');
            int comma = line.indexOf(',');
            if (line.startsWith("cmdstat_") && line.startsWith("calls=", colon + 1) && comma > colon) {
                calls.put(line.substring("cmdstat_".length(), colon), Long.parseLong(line.substring(colon + 7, comma)));
            }
        }
        if (calls.isEmpty()) {
            throw new IllegalStateException("redis-cli gave no command counts for " + redis);
        }
        return calls;
    }

    /** The server's WAL position (bytes) and its checkpoints so far: what the batch cost PostgreSQL beside its CPU. */
    static long[] walAndCheckpoints(ConnectionSettings pg) {
        // jdbc:postgresql://host:port/db?options -> postgresql://user@host:port/db
        String address = pg.jdbcUrl().replaceFirst("^jdbc:postgresql://", "").replaceFirst("\\?.*$", "");
        String[] row = run(
                        pg.password().map(p -> Map.of("PGPASSWORD", p.value())).orElse(Map.of()),
                        "psql",
                        "-X",
                        "-At",
                        "-F",
                        " ",
                        "-c",
                        "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn, checkpoints_timed + checkpoints_req"
                                + " FROM pg_stat_bgwriter",
                        "postgresql://" + pg.user() + "@" + address)
                .trim()
                .split(" ");
        return new long[] {Long.parseLong(row[0]), Long.parseLong(row[1])};
    }

    /** Runs {@code command} to its end; its output, or an exception naming it if it failed. */
    static String run(Map<String, String> env, String... command) {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(command[0] + " failed: " + out.trim());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(command[0] + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command[0] + " interrupted", e);
        }
    }
}
