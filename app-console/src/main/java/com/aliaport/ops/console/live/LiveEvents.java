package com.aliaport.ops.console.live;

import com.aliaport.ops.console.fx.Ui;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The screens' side of the notifications: handlers run on the UI thread, and a rebuilt window (new language)
 * drops the old screens' handlers with {@link #clear()}.
 */
public final class LiveEvents {
    private record Handler(String channel, Consumer<String> handler) {}

    private record Notification(String channel, String payload) {}

    private final java.util.Queue<Notification> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean scheduled = new java.util.concurrent.atomic.AtomicBoolean();

    private final Ui ui;
    private final List<Handler> handlers = new CopyOnWriteArrayList<>();
    private final List<Runnable> reconnectHandlers = new CopyOnWriteArrayList<>();

    public LiveEvents(Ui ui) {
        this.ui = ui;
    }

    /** Wires this hub to a listening connection (not needed in view-model tests, which call {@link #deliver}). */
    public LiveEvents attach(PgNotifications notifications) {
        notifications.subscribe(this::deliver);
        notifications.onConnectionChange((up, reason) -> {
            if (up) {
                ui.later(() -> reconnectHandlers.forEach(Runnable::run));
            }
        });
        return this;
    }

    public void on(String channel, Consumer<String> handler) {
        handlers.add(new Handler(channel, handler));
    }

    /** Called when the connection is back: notifications sent meanwhile are lost, so screens reload. */
    public void onReconnect(Runnable handler) {
        reconnectHandlers.add(handler);
    }

    /**
     * Queues a notification for the UI thread. Whatever arrives before the UI thread gets to it is handled in one
     * go: fifty reports writing progress ten times a second are one hand-over per frame, not five hundred.
     */
    public void deliver(String channel, String payload) {
        pending.add(new Notification(channel, payload));
        if (scheduled.compareAndSet(false, true)) {
            ui.later(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        Notification n;
        while ((n = pending.poll()) != null) {
            for (Handler h : handlers) {
                if (h.channel().equals(n.channel())) {
                    h.handler().accept(n.payload());
                }
            }
        }
    }

    public void clear() {
        handlers.clear();
        reconnectHandlers.clear();
    }
}
