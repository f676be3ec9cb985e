package com.aliaport.ops.exchangerate;

/** The body is not a bulletin: truncated, not XML or JSON, too large, or of another shape. */
public final class MalformedBulletinException extends SourceUnavailableException {
    public MalformedBulletinException(String message) {
        super(message);
    }

    public MalformedBulletinException(String message, Throwable cause) {
        super(message, cause);
    }
}
