package com.aliaport.ops.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where Redis is: one server by its URL ({@code redis://}, {@code rediss://}), or the master that a group of
 * Sentinels watches ({@code redis-sentinel://}), whose address changes when they fail it over.
 */
public sealed interface RedisAddress permits RedisAddress.Direct, RedisAddress.Sentinel {
    String SENTINEL_SCHEME = "redis-sentinel";

    /** One Redis server; the URL carries user, password and database as Jedis reads them. */
    record Direct(URI url) implements RedisAddress {
        @Override
        public String toString() {
            return Masked.value("ALIAPORT_REDIS_URL", url.toString());
        }
    }

    /**
     * The master named {@code masterName}, found by asking {@code sentinels}. {@code user} and {@code password}
     * authenticate to the master (and to a promoted replica); the Sentinels are asked without credentials.
     */
    record Sentinel(
            List<Host> sentinels, String masterName, int database, Optional<String> user, Optional<Secret> password)
            implements RedisAddress {
        public static final int DEFAULT_PORT = 26379;

        public Sentinel {
            sentinels = List.copyOf(sentinels);
            if (sentinels.isEmpty()) {
                throw new IllegalArgumentException("at least one Sentinel is needed");
            }
        }

        /** A Sentinel's host and port. */
        public record Host(String host, int port) {
            @Override
            public String toString() {
                return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
            }
        }

        /**
         * Reads {@code redis-sentinel://[user:password@]host1[:port],host2[:port]/master-name[/db]}; a port left
         * out is 26379, the database 0.
         *
         * @throws ConfigException naming {@code key} and echoing the value without its password
         */
        static Sentinel parse(String key, String raw) {
            String shown = Masked.value("ALIAPORT_REDIS_URL", raw);
            String prefix = SENTINEL_SCHEME + "://";
            if (!raw.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                throw new ConfigException(key + ": '" + shown + "' must start with " + prefix);
            }
            String rest = raw.substring(prefix.length());
            if (rest.contains("?") || rest.contains("#")) {
                throw new ConfigException(key + ": '" + shown + "' takes no query or fragment");
            }
            int slash = rest.indexOf('/');
            if (slash < 0) {
                throw new ConfigException(key + ": '" + shown + "' names no master (…/master-name[/db])");
            }
            String authority = rest.substring(0, slash);
            String[] path = rest.substring(slash + 1).split("/", -1);
            Optional<String> user = Optional.empty();
            Optional<Secret> password = Optional.empty();
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String info = authority.substring(0, at);
                authority = authority.substring(at + 1);
                int colon = info.indexOf(':');
                String u = decode(colon < 0 ? "" : info.substring(0, colon));
                String p = decode(colon < 0 ? info : info.substring(colon + 1));
                if (p.isEmpty()) {
                    throw new ConfigException(key + ": '" + shown + "' has a user but no password (user:password@)");
                }
                user = u.isEmpty() ? Optional.empty() : Optional.of(u);
                password = Optional.of(new Secret(p));
            }
            List<Host> hosts = new ArrayList<>();
            for (String one : authority.split(",", -1)) {
                hosts.add(host(key, shown, one.strip()));
            }
            String master = path[0];
            if (master.isBlank() || path.length > 2 || (path.length == 2 && path[1].isEmpty())) {
                throw new ConfigException(key + ": '" + shown + "' must end in /master-name or /master-name/db");
            }
            int db = 0;
            if (path.length == 2) {
                try {
                    db = Integer.parseInt(path[1]);
                } catch (NumberFormatException e) {
                    db = -1;
                }
                if (db < 0) {
                    throw new ConfigException(
                            key + ": '" + shown + "': the database must be a number 0 or more, not '" + path[1] + "'");
                }
            }
            return new Sentinel(hosts, decode(master), db, user, password);
        }

        private static Host host(String key, String shown, String hostPort) {
            String host;
            String port;
            if (hostPort.startsWith("[")) {
                int end = hostPort.indexOf(']');
                host = end < 0 ? "" : hostPort.substring(1, end);
                String after = end < 0 ? "" : hostPort.substring(end + 1);
                port = after.startsWith(":") ? after.substring(1) : after.isEmpty() ? null : after;
            } else {
                int colon = hostPort.lastIndexOf(':');
                host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                port = colon < 0 ? null : hostPort.substring(colon + 1);
            }
            if (host.isBlank()) {
                throw new ConfigException(key + ": '" + shown + "' has an empty Sentinel host");
            }
            if (port == null) {
                return new Host(host, DEFAULT_PORT);
            }
            try {
                int p = Integer.parseInt(port);
                if (p >= 1 && p <= 65535) {
                    return new Host(host, p);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException(key + ": '" + shown + "': '" + port + "' is not a port (1-65535)");
        }

        private static String decode(String s) {
            // Percent-decoding only: a '+' in a password is a plus, not a space.
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        }

        /** The URL it was read from, with the password as {@code ****}. */
        @Override
        public String toString() {
            String auth = user.isPresent() || password.isPresent()
                    ? user.orElse("") + (password.isPresent() ? ":****" : "") + "@"
                    : "";
            return SENTINEL_SCHEME + "://" + auth
                    + String.join(",", sentinels.stream().map(Host::toString).toList())
                    + "/" + masterName + "/" + database;
        }
    }
}
