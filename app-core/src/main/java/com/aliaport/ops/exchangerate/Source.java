package com.aliaport.ops.exchangerate;

/** Which service served a bulletin; stored in {@code kurlar.kaynak}. */
public enum Source {
    TCMB,
    EVDS,
    /** Invented rates of the demo data ({@code seed}); a real sync overwrites them for its dates. */
    DEMO
}
