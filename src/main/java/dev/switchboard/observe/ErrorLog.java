package dev.switchboard.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * {@code error_log file level} at main level, applied to Logback programmatically: the root logger writes to the
 * file (instead of stderr) at the level nginx's name maps to (debug; info and notice: INFO; warn; error, crit, alert,
 * emerg: ERROR). {@link #reopen()} reopens the file (SIGUSR1).
 */
public final class ErrorLog {

    /** One main-level {@code error_log}. */
    public record Spec(Path file, String level) {
    }

    private static FileAppender<ILoggingEvent> current;

    private ErrorLog() {
    }

    static Level level(String nginx) {
        return switch (nginx) {
            case "debug" -> Level.DEBUG;
            case "info", "notice" -> Level.INFO;
            case "warn" -> Level.WARN;
            default -> Level.ERROR;
        };
    }

    /** Sends the root logger to {@code spec}'s file at its level; null leaves logging on stderr. */
    public static synchronized void apply(Spec spec) {
        if (spec == null || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ErrorLogLayout layout = new ErrorLogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("error_log");
        file.setFile(spec.file().toString());
        file.setAppend(true);
        file.setEncoder(encoder);
        file.start();
        root.detachAndStopAllAppenders();
        root.addAppender(file);
        root.setLevel(level(spec.level()));
        current = file;
    }

    /** Reopens the error log file (logrotate moved it). */
    public static synchronized void reopen() {
        if (current != null) {
            current.stop();
            current.start();
        }
    }
}
