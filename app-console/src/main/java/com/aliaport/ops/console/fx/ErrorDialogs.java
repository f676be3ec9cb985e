package com.aliaport.ops.console.fx;

import java.io.PrintWriter;
import java.io.StringWriter;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.TextArea;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An uncaught error is logged and shown with its details; the window stays alive. */
public final class ErrorDialogs {
    private static final Logger log = LoggerFactory.getLogger(ErrorDialogs.class);

    private ErrorDialogs() {}

    public static void install(Texts texts) {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            log.error("uncaught error on {}", thread.getName(), error);
            if (Platform.isFxApplicationThread()) {
                show(texts, error);
            } else {
                Platform.runLater(() -> show(texts, error));
            }
        });
    }

    public static void show(Texts texts, Throwable error) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.setTitle(texts.get("error.title"));
        alert.setHeaderText(texts.get("error.header"));
        alert.setContentText(String.valueOf(error.getMessage()));
        StringWriter stack = new StringWriter();
        error.printStackTrace(new PrintWriter(stack));
        TextArea details = new TextArea(stack.toString());
        details.setEditable(false);
        details.getStyleClass().add("monospace");
        alert.getDialogPane().setExpandableContent(details);
        alert.show();
    }
}
