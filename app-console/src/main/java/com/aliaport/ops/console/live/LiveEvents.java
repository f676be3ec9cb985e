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

    public void deliver(String channel, String payload) {
        ui.later(() -> {
            for (Handler h : handlers) {
                if (h.channel().equals(channel)) {
                    h.handler().accept(payload);
                }
            }
        });
    }

    public void clear() {
        handlers.clear();
        reconnectHandlers.clear();
    }
}
