package com.aliaport.ops.alert;

import java.time.Instant;
import java.util.Map;

/** One alert as delivered: the seed's {@code send_alert(severity, title, message, details)} plus when and where. */
public record Alert(
        Severity severity, String title, String message, Map<String, Object> details, Instant at, String node) {}
