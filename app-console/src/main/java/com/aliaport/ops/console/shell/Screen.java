package com.aliaport.ops.console.shell;

import javafx.scene.Node;

/** One of the console's screens, as the shell switches between them. */
public interface Screen {
    /** The resource key of its name in the navigation. */
    String titleKey();

    Node view();

    /** F5: read everything again. */
    void refresh();

    /** Ctrl+F: focus the screen's filter or search field. */
    default void focusSearch() {}

    /** Whether a background read is still under way (screenshots and tests wait for it). */
    boolean loading();
}
