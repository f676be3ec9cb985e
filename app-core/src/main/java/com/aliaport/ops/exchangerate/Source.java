package com.aliaport.ops.exchangerate;

/** Which service served a bulletin; stored in {@code kurlar.kaynak}. */
public enum Source {
    TCMB,
    EVDS
}
