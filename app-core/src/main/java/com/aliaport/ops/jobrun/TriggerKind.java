package com.aliaport.ops.jobrun;

/** Why a run happened: its schedule, an operator, a retry of a failed run, or recovery after a node died. */
public enum TriggerKind {
    SCHEDULED,
    MANUAL,
    RETRY,
    RECOVERY
}
