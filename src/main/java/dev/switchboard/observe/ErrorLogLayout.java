package dev.switchboard.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import dev.switchboard.config.RawText;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The error log's line, as nginx writes it: {@code 2026/11/25 13:41:00 [INFO] message}, then a stack trace if the
 * event has one. Messages quote configuration text and request data, which the proxy holds as bytes
 * ({@link RawText}); they are decoded as UTF-8 where valid, so a non-ASCII name or URI reads as written.
 * Used by {@code logback.xml} (stderr) and by {@link ErrorLog} ({@code error_log} files).
 */
public final class ErrorLogLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private long cachedSecond = Long.MIN_VALUE;
    private String cachedTime;

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128)
                .append(time(event.getTimeStamp())).append(" [").append(event.getLevel()).append("] ")
                .append(RawText.toUnicode(event.getFormattedMessage())).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return line.toString();
    }

    private synchronized String time(long millis) {
        long second = Math.floorDiv(millis, 1000);
        if (second != cachedSecond) {
            cachedTime = TIME.format(Instant.ofEpochSecond(second));
            cachedSecond = second;
        }
        return cachedTime;
    }
}
