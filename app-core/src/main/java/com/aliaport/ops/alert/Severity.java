package com.aliaport.ops.alert;

public enum Severity {
    INFO,
    WARNING,
    HIGH,
    CRITICAL
}
