package com.aliaport.ops.alert;

/** A way an alert reaches people (webhook, e-mail). May throw: the dispatcher logs and goes on. */
public interface AlertChannel {
    String name();

    void deliver(Alert alert) throws Exception;
}
