package com.aliaport.ops.alert;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code send_alert(severity, title, message, details)}. Delivery never throws into the caller:
 * implementations log their own failures.
 */
public interface AlertSender {
    void send(Severity severity, String title, String message, Map<String, Object> details);

    /** Alerts to the log only: the default until webhook and e-mail delivery are configured. */
    AlertSender LOG = new AlertSender() {
        private final Logger log = LoggerFactory.getLogger("com.aliaport.ops.alert");

        @Override
        public void send(Severity severity, String title, String message, Map<String, Object> details) {
            switch (severity) {
                case INFO -> log.info("ALERT {} {}: {} {}", severity, title, message, details);
                case WARNING -> log.warn("ALERT {} {}: {} {}", severity, title, message, details);
                default -> log.error("ALERT {} {}: {} {}", severity, title, message, details);
            }
        }
    };
}
