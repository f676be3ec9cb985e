package com.aliaport.ops.daemon;

/** Binds the features (exchange rates, audit archive, reports) into a daemon: routes, workers, jobs. */
public final class Features {
    public Daemon daemon(DaemonContext ctx) {
        return new Daemon(ctx);
    }
}
