package com.aliaport.ops.console.shell;

import com.aliaport.ops.console.connect.ConsoleSession;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Ui;
import com.aliaport.ops.console.live.LiveEvents;
import java.time.InstantSource;

/** What every screen is built with. */
public record ConsoleContext(ConsoleSession session, Ui ui, LiveEvents live, Texts texts, InstantSource clock) {
    public ConsoleContext withTexts(Texts other) {
        return new ConsoleContext(session, ui, live, other, clock);
    }
}
