package com.aliaport.ops.console.connect;

/** What a login may do, from its membership in the database's group roles (the database enforces it too). */
public enum Role {
    NONE,
    VIEWER,
    OPERATOR,
    ADMIN;

    public boolean canCommand() {
        return this == OPERATOR || this == ADMIN;
    }
}
