package com.aliaport.ops.exchangerate;

import com.aliaport.ops.alert.AlertSender;
import com.aliaport.ops.alert.Severity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link AlertSender} that keeps what it was asked to send. */
public final class RecordingAlerts implements AlertSender {
    public record Alert(Severity severity, String title, String message, Map<String, Object> details) {}

    private final List<Alert> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(Severity severity, String title, String message, Map<String, Object> details) {
        sent.add(new Alert(severity, title, message, Map.copyOf(details)));
    }

    public List<Alert> sent() {
        return List.copyOf(sent);
    }

    public List<Alert> of(Severity severity) {
        return sent.stream().filter(a -> a.severity() == severity).toList();
    }
}
