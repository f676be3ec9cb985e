package com.aliaport.ops.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an alert to the log and to every configured channel, at most once per de-duplication interval for
 * the same severity and title. A channel that fails is logged; nothing is ever thrown into the caller.
 */
public final class AlertDispatcher implements AlertSender {
    private static final Logger log = LoggerFactory.getLogger("com.aliaport.ops.alert");

    private final List<AlertChannel> channels;
    private final Clock clock;
    private final Duration dedupInterval;
    private final String node;
    private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();

    public AlertDispatcher(List<AlertChannel> channels, Clock clock, Duration dedupInterval, String node) {
        this.channels = List.copyOf(channels);
        this.clock = clock;
        this.dedupInterval = dedupInterval;
        this.node = node;
    }

    @Override
    public void send(Severity severity, String title, String message, Map<String, Object> details) {
        try {
            AlertSender.LOG.send(severity, title, message, details);
            Instant now = clock.instant();
            String key = severity + "|" + title;
            Instant previous = lastSent.get(key);
            if (previous != null && Duration.between(previous, now).compareTo(dedupInterval) < 0) {
                log.debug("alert '{}' already sent at {}: not sent again", title, previous);
                return;
            }
            lastSent.put(key, now);
            Alert alert = new Alert(severity, title, message, new LinkedHashMap<>(details), now, node);
            for (AlertChannel channel : channels) {
                try {
                    channel.deliver(alert);
                } catch (Exception e) {
                    log.warn("alert '{}' not delivered by {}: {}", title, channel.name(), e.toString());
                }
            }
        } catch (RuntimeException e) {
            log.warn("alert '{}' could not be dispatched: {}", title, e.toString());
        }
    }
}
