package com.aliaport.ops.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log line written while it is open, at every level, as the log file would show it: the formatted message,
 * the MDC and the stack trace of an attached exception. Close it to restore the root logger.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level level = root.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        appender.setName("test-capture");
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.ALL);
    }

    /** The lines written so far, each with its logger, level, MDC and stack trace. */
    public List<String> lines() {
        return appender.list.stream()
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getMDCPropertyMap() + " "
                        + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        root.setLevel(level);
    }
}
