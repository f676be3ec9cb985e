package com.aliaport.ops.daemon;

import com.aliaport.ops.daemon.http.ExchangeRateRoutes;

/** Binds the features' HTTP routes and background workers into a daemon. */
public final class Features {
    public Daemon daemon(DaemonContext ctx) {
        return new Daemon(ctx).routes(new ExchangeRateRoutes(ctx.rates.query()));
    }
}
