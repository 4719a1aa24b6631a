package dev.switchboard.upstream.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Parser;
import dev.switchboard.server.ConfigLoader;
import dev.switchboard.server.Runtime;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code health_check} syntax, defaults and errors, through the real compiler. */
class HealthCheckParserTest {

    private static Runtime compile(String healthCheck) {
        String text = "http { upstream be { server 127.0.0.1:1; server 127.0.0.1:2 down; " + healthCheck + " } }";
        return ConfigLoader.compile(Parser.parseString(text, "t.conf", Path.of(".")), Path.of("."));
    }

    private static HealthCheckSpec spec(String healthCheck) {
        return compile(healthCheck).healthChecks().groups().get(0).spec();
    }

    private static ConfigException error(String healthCheck) {
        return catchThrowableOfType(() -> compile(healthCheck), ConfigException.class);
    }

    @Test
    void defaults() {
        HealthCheckSpec s = spec("health_check;");
        assertThat(s).isEqualTo(HealthCheckSpec.defaults());
        assertThat(s.intervalMillis()).isEqualTo(5000);
        assertThat(s.timeoutMillis()).isEqualTo(5000);
        assertThat(s.uri()).isEqualTo("/");
        assertThat(s.type()).isEqualTo(HealthCheckSpec.Type.HTTP);
        assertThat(s.status().accepts(200)).isTrue();
        assertThat(s.status().accepts(399)).isTrue();
        assertThat(s.status().accepts(404)).isFalse();
    }

    @Test
    void noHealthCheckMeansNoChecks() {
        assertThat(compile("").healthChecks().groups()).isEmpty();
    }

    @Test
    void allParameters() {
        HealthCheckSpec s = spec("health_check interval=200ms timeout=150ms fails=3 passes=2 uri=/health?x=1 "
                + "port=8081 status=!500-599,404 \"body=~ok|fine\" mandatory;");
        assertThat(s.intervalMillis()).isEqualTo(200);
        assertThat(s.timeoutMillis()).isEqualTo(150);
        assertThat(s.fails()).isEqualTo(3);
        assertThat(s.passes()).isEqualTo(2);
        assertThat(s.uri()).isEqualTo("/health?x=1");
        assertThat(s.port()).isEqualTo(8081);
        assertThat(s.mandatory()).isTrue();
        assertThat(s.status().accepts(200)).isTrue();
        assertThat(s.status().accepts(503)).isFalse();
        assertThat(s.status().accepts(404)).isFalse();
        assertThat(s.body().accepts("all fine")).isTrue();
        assertThat(s.body().accepts("bad")).isFalse();
    }

    @Test
    void aNonAsciiBodyRegexFromAUtf8FileMatchesTheBodyReadAsUtf8() {
        // the configuration is its bytes (RawText.fromUnicode stands for the file's UTF-8); the body is decoded
        HealthCheckSpec s = spec(dev.switchboard.config.RawText.fromUnicode("health_check \"body=~gr\u00fcn\";"));
        assertThat(s.body().accepts("status: gr\u00fcn")).isTrue();
        assertThat(s.body().accepts("status: rot")).isFalse();
    }

    @Test
    void timeoutDefaultsToTheIntervalButAtLeastOneSecond() {
        assertThat(spec("health_check interval=300ms;").timeoutMillis()).isEqualTo(1000);
        assertThat(spec("health_check interval=3s;").timeoutMillis()).isEqualTo(3000);
    }

    @Test
    void websocketWithPing() {
        HealthCheckSpec s = spec("health_check type=websocket ping uri=/ws;");
        assertThat(s.type()).isEqualTo(HealthCheckSpec.Type.WEBSOCKET);
        assertThat(s.ping()).isTrue();
    }

    @Test
    void negatedBody() {
        assertThat(spec("health_check body=!~maintenance;").body().accepts("maintenance mode")).isFalse();
    }

    @Test
    void errorsNameTheArgument() {
        assertThat(error("health_check fails=0;").getMessage()).contains("invalid");
        assertThat(error("health_check interval=0;").getMessage()).contains("invalid value \"0\"");
        assertThat(error("health_check uri=health;").getMessage()).contains("invalid uri \"health\"");
        assertThat(error("health_check type=tcp;").getMessage()).contains("invalid type \"tcp\"");
        assertThat(error("health_check status=2xx;").getMessage()).contains("invalid status \"2xx\"");
        assertThat(error("health_check status=399-200;").getMessage()).contains("reversed range");
        assertThat(error("health_check body=ok;").getMessage()).contains("invalid body test");
        assertThat(error("health_check body=~(;").getMessage()).contains("invalid regex");
        assertThat(error("health_check ping;").getMessage()).contains("\"ping\" needs type=websocket");
        assertThat(error("health_check type=websocket status=200;").getMessage()).contains("needs type=http");
        assertThat(error("health_check match=ok;").getMessage()).contains("\"match\" blocks are not supported");
        assertThat(error("health_check port=70000;").getMessage()).contains("invalid port");
        assertThat(error("health_check jitter=1s;").getMessage()).contains("invalid parameter \"jitter=1s\"");
        ConfigException e = error("health_check;\n health_check;");
        assertThat(e.getMessage()).contains("duplicate");
    }

    @Test
    void onlyInsideUpstream() {
        ConfigException e = catchThrowableOfType(() -> ConfigLoader.compile(Parser.parseString(
                "http { health_check; }", "t.conf", Path.of(".")), Path.of(".")), ConfigException.class);
        assertThat(e.getMessage()).contains("not allowed here");
    }
}
