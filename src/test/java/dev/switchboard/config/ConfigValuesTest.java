package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

    private static final Position POS = new Position("t.conf", 7, 22);

    private static Argument arg(String text) {
        return new Argument(text, false, POS);
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "1024, 1024",
            "16k, 16384",
            "16K, 16384",
            "1m, 1048576",
            "8M, 8388608",
            "2g, 2147483648",
            "1G, 1073741824",
            "9223372036854775807, 9223372036854775807",
            "9007199254740991k, 9223372036854774784",
    })
    void sizes(String text, long expected) {
        assertThat(ConfigValues.size(arg(text), "client_max_body_size")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "k", "12q", "-1", "+1", "1.5k", " 1", "1 ", "1kb", "1t", "0x10",
            "9223372036854775808", "9007199254740992k", "8589934592g"})
    void badSizes(String text) {
        assertThatThrownBy(() -> ConfigValues.size(arg(text), "client_max_body_size"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problem())
                            .isEqualTo("invalid value \"" + text + "\" in \"client_max_body_size\" directive");
                    assertThat(e.position()).isEqualTo(POS);
                });
    }

    @Test
    void sizeErrorMessageReadsLikeNginx() {
        assertThatThrownBy(() -> ConfigValues.size(arg("12q"), "client_max_body_size"))
                .hasMessage("invalid value \"12q\" in \"client_max_body_size\" directive in t.conf:7:22");
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "30, 30000",
            "30s, 30000",
            "500ms, 500",
            "1m, 60000",
            "1m30s, 90000",
            "1m30, 90000",
            "1h, 3600000",
            "1d, 86400000",
            "1w, 604800000",
            "1M, 2592000000",
            "1y, 31536000000",
            "1y2M3w4d5h6m7s8ms, 38898367008",
            "1h 30m, 5400000",
            "'5s  ', 5000",
            "1 2, 3000",
            "1s5, 6000",
            "9223372036854775807ms, 9223372036854775807",
    })
    void timesInMillis(String text, long expected) {
        assertThat(ConfigValues.timeMillis(arg(text), "proxy_read_timeout")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "ms", "m", "30s1m", "1s1s", "1ms1s", "1h1d", "1x", "-1s", "1S", "1.5s",
            " 5s", "5 5s", "9223372036854775807", "9223372036854775808ms", "300000000y",
            "106751991167d8h"})
    void badTimes(String text) {
        assertThatThrownBy(() -> ConfigValues.timeMillis(arg(text), "proxy_read_timeout"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problem())
                            .isEqualTo("invalid value \"" + text + "\" in \"proxy_read_timeout\" directive");
                    assertThat(e.position()).isEqualTo(POS);
                });
    }

    @ParameterizedTest
    @CsvSource({"30, 30", "1m, 60", "1h30m, 5400", "1d, 86400", "1y, 31536000", "2M, 5184000"})
    void timesInSeconds(String text, long expected) {
        assertThat(ConfigValues.timeSeconds(arg(text), "ssl_session_timeout")).isEqualTo(expected);
    }

    @Test
    void millisecondsAreNotAllowedInSecondTimes() {
        assertThatThrownBy(() -> ConfigValues.timeSeconds(arg("500ms"), "ssl_session_timeout"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid value \"500ms\" in \"ssl_session_timeout\" directive in t.conf:7:22");
    }

    @ParameterizedTest
    @CsvSource({"on, true", "ON, true", "On, true", "off, false", "OFF, false", "oFf, false"})
    void flags(String text, boolean expected) {
        assertThat(ConfigValues.flag(arg(text), "gzip")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "", "onn", "of"})
    void badFlags(String text) {
        assertThatThrownBy(() -> ConfigValues.flag(arg(text), "gzip"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problem()).isEqualTo(
                            "invalid value \"" + text + "\" in \"gzip\" directive, it must be \"on\" or \"off\"");
                    assertThat(e.position()).isEqualTo(POS);
                });
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "1024, 1024", "2147483647, 2147483647", "007, 7"})
    void nonNegativeInts(String text, int expected) {
        assertThat(ConfigValues.nonNegativeInt(arg(text), "keepalive_requests")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "+1", "1k", "abc", "2147483648", "99999999999999999999", "1.0"})
    void badNonNegativeInts(String text) {
        assertThatThrownBy(() -> ConfigValues.nonNegativeInt(arg(text), "keepalive_requests"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problem())
                            .isEqualTo("invalid value \"" + text + "\" in \"keepalive_requests\" directive");
                    assertThat(e.position()).isEqualTo(POS);
                });
    }

    @Test
    void positiveInts() {
        assertThat(ConfigValues.positiveInt(arg("1"), "worker_connections")).isEqualTo(1);
        assertThat(ConfigValues.positiveInt(arg("1024"), "worker_connections")).isEqualTo(1024);
        assertThatThrownBy(() -> ConfigValues.positiveInt(arg("0"), "worker_connections"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid value \"0\" in \"worker_connections\" directive in t.conf:7:22");
        assertThatThrownBy(() -> ConfigValues.positiveInt(arg("-5"), "worker_connections"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid value \"-5\" in \"worker_connections\" directive in t.conf:7:22");
    }
}
