package com.aliaport.ops.operatorcommand;

/** A command's life: WAITING for a node, RUNNING on one, then DONE or FAILED with an outcome text. */
public enum CommandState {
    WAITING,
    RUNNING,
    DONE,
    FAILED;

    public boolean finished() {
        return this == DONE || this == FAILED;
    }
}
