package com.aliaport.ops.config;

/** A secret value: its {@code toString} never reveals it, so it cannot leak into a log line. */
public record Secret(String value) {
    public Secret {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a secret cannot be empty");
        }
    }

    @Override
    public String toString() {
        return "****";
    }
}
