package dev.switchboard.observe;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Parser;
import dev.switchboard.server.ConfigLoader;
import dev.switchboard.server.Runtime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** error_log at main level: file and nginx level; bad levels are config errors. */
class ErrorLogConfigTest {

    @TempDir
    Path prefix;

    Runtime load(String text) {
        return ConfigLoader.compile(Parser.parseString(text, "t.conf", prefix), prefix);
    }

    @Test
    void mainLevelFileAndLevel() {
        Runtime r = load("error_log logs/error.log notice; events {} http { }");
        assertThat(r.errorLog()).isEqualTo(new ErrorLog.Spec(prefix.toAbsolutePath().resolve("logs/error.log")
                .normalize(), "notice"));
        assertThat(ErrorLog.level("notice")).isEqualTo(ch.qos.logback.classic.Level.INFO);
        assertThat(ErrorLog.level("crit")).isEqualTo(ch.qos.logback.classic.Level.ERROR);
        assertThat(load("error_log stderr; events {} http { }").errorLog()).isNull();
    }

    @Test
    void unknownLevelIsAnError() {
        assertThatThrownBy(() -> load("error_log logs/error.log loud; events {} http { }"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("invalid log level \"loud\"");
    }
}
