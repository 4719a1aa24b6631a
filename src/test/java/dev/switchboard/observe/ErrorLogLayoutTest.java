package dev.switchboard.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.switchboard.config.RawText;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The error log's lines: nginx's time and level prefix, raw text read as UTF-8, stack traces kept. */
class ErrorLogLayoutTest {

    private final LoggerContext context = new LoggerContext();

    private String layout(Level level, String message, Throwable thrown, Object... args) {
        ErrorLogLayout layout = new ErrorLogLayout();
        layout.setContext(context);
        layout.start();
        return layout.doLayout(new LoggingEvent(getClass().getName(), context.getLogger("t"), level, message, thrown,
                args));
    }

    @Test
    void aLineHasNginxsTimeAndTheLevel() {
        assertThat(layout(Level.INFO, "listening on {}", null, "127.0.0.1:8080"))
                .matches("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} \\[INFO\\] listening on 127\\.0\\.0\\.1:8080\\R");
    }

    @Test
    void rawConfigurationTextReadsAsWritten() {
        String upstream = RawText.fromUnicode("b\u00e4ckend");
        assertThat(layout(Level.ERROR, "upstream \"{}\": could not resolve", null, upstream))
                .contains("[ERROR] upstream \"b\u00e4ckend\": could not resolve");
    }

    @Test
    void aStackTraceFollowsTheLine() {
        String text = layout(Level.ERROR, "failed", new IllegalStateException("boom"));
        assertThat(text).contains("[ERROR] failed").contains("java.lang.IllegalStateException: boom")
                .contains("\tat dev.switchboard.observe.ErrorLogLayoutTest");
    }
}
