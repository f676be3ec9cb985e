package com.aliaport.ops.console.commands;

import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Ui;
import com.aliaport.ops.operatorcommand.CommandKind;
import com.aliaport.ops.operatorcommand.OperatorCommand;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** Sends a command from a screen and says what became of it in the screen's status line. */
public final class CommandModel {
    private final CommandService service;
    private final Ui ui;
    private final Texts t;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    public CommandModel(CommandService service, Ui ui, Texts texts) {
        this.service = service;
        this.ui = ui;
        this.t = texts;
    }

    /** Sends it; {@code afterwards} runs on the UI thread once an outcome (or the wait's end) is known. */
    public void send(CommandKind kind, String target, Map<String, String> parameters, Runnable afterwards) {
        status.set(t.format("command.sending", t.get("command." + kind), target));
        ui.background(
                () -> service.submitAndFollow(kind, target, parameters),
                c -> {
                    show(c);
                    afterwards.run();
                },
                e -> status.set(t.format("command.refused", rootMessage(e))));
    }

    private void show(OperatorCommand c) {
        String what = t.get("command." + c.kind());
        status.set(
                switch (c.state()) {
                    case WAITING -> t.format("command.waiting", c.id(), what, c.target());
                    case RUNNING -> t.format("command.running", c.id(), what, c.target());
                    case DONE ->
                        t.format(
                                "command.done",
                                c.id(),
                                what,
                                c.target(),
                                c.outcome().orElse(""));
                    case FAILED ->
                        t.format(
                                "command.failed",
                                c.id(),
                                what,
                                c.target(),
                                c.outcome().orElse(""));
                });
    }

    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    }

    public ReadOnlyStringProperty status() {
        return status.getReadOnlyProperty();
    }
}
