package com.aliaport.ops.console.fx;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;

/** Light and dark: AtlantaFX's Primer themes plus the console's own sheet (colours as looked-up variables). */
public enum Theme {
    LIGHT,
    DARK;

    public void apply(Scene scene) {
        Application.setUserAgentStylesheet(
                this == LIGHT ? new PrimerLight().getUserAgentStylesheet() : new PrimerDark().getUserAgentStylesheet());
        scene.getStylesheets().setAll(css("console.css"), css(this == LIGHT ? "light.css" : "dark.css"));
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    private static String css(String name) {
        return Theme.class.getResource("/com/aliaport/ops/console/" + name).toExternalForm();
    }
}
