package dev.switchboard.observe;

import dev.switchboard.config.Argument;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Position;
import dev.switchboard.vars.VariableRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code log_format} compiler and nginx's three escapings, byte for byte as nginx writes them
 * (ngx_http_log_module: {@code ngx_http_log_escape} for default, {@code ngx_escape_json} for json). Values are
 * Latin-1 strings whose chars are the bytes received, as the HTTP layer gives them.
 */
class LogFormatTest {

    final Map<String, String> values = new HashMap<>();
    final VariableRegistry registry = new VariableRegistry();

    @BeforeEach
    void variables() {
        for (String name : List.of("v", "w", "missing", "empty")) {
            registry.define(name, request -> values.get(name));
        }
        values.put("empty", "");
    }

    private String format(LogFormat.Escape escape, String... strings) {
        List<Argument> args = Arrays.stream(strings).map(s -> new Argument(s, true, Position.of("t", 1, 1))).toList();
        return LogFormat.compile("f", escape, args, registry).format(null);
    }

    private String value(LogFormat.Escape escape, String value) {
        values.put("v", value);
        return format(escape, "[$v]");
    }

    /** Every byte 0..255 as one Latin-1 string. */
    private static String allBytes() {
        StringBuilder s = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            s.append((char) b);
        }
        return s.toString();
    }

    @Test
    void defaultEscapesQuoteBackslashControlAndHighBytesAsUppercaseHex() {
        assertThat(value(LogFormat.Escape.DEFAULT, "a\"b\\c")).isEqualTo("[a\\x22b\\x5Cc]");
        assertThat(value(LogFormat.Escape.DEFAULT, "tab\there\nnl\r\u0000\u001f"))
                .isEqualTo("[tab\\x09here\\x0Anl\\x0D\\x00\\x1F]");
        assertThat(value(LogFormat.Escape.DEFAULT, "del\u007f \u0080\u00e9\u00ff"))
                .isEqualTo("[del\\x7F \\x80\\xE9\\xFF]");
        assertThat(value(LogFormat.Escape.DEFAULT, " !#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~"))
                .as("printable ASCII but \" and \\ is kept").isEqualTo("[ !#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~]");
        StringBuilder expected = new StringBuilder("[");
        for (int b = 0; b < 256; b++) {
            expected.append(b < 0x20 || b >= 0x7f || b == '"' || b == '\\'
                    ? String.format("\\x%02X", b) : String.valueOf((char) b));
        }
        assertThat(value(LogFormat.Escape.DEFAULT, allBytes())).isEqualTo(expected.append(']').toString());
    }

    @Test
    void defaultEscapesACharFromUtf8ConfigTextAsItsUtf8Bytes() {
        // a value set in a UTF-8 configuration ("set $v €;") holds chars above 0xFF; nginx sees their bytes
        assertThat(value(LogFormat.Escape.DEFAULT, "\u20ac")).isEqualTo("[\\xE2\\x82\\xAC]");
        assertThat(value(LogFormat.Escape.DEFAULT, "\ud83d\ude00")).as("a surrogate pair is one 4-byte sequence")
                .isEqualTo("[\\xF0\\x9F\\x98\\x80]");
    }

    @Test
    void jsonEscapesAsNginxEscapeJson() {
        assertThat(value(LogFormat.Escape.JSON, "a\"b\\c/d")).isEqualTo("[a\\\"b\\\\c/d]");
        assertThat(value(LogFormat.Escape.JSON, "\n\r\t\b\f")).isEqualTo("[\\n\\r\\t\\b\\f]");
        assertThat(value(LogFormat.Escape.JSON, "\u0000\u0001\u001b\u001f"))
                .as("other control bytes as \\u00XX, uppercase hex as ngx_escape_json writes it")
                .isEqualTo("[\\u0000\\u0001\\u001B\\u001F]");
        assertThat(value(LogFormat.Escape.JSON, "\u007f\u0080\u00e9\u00ff")).as("bytes from 0x7f pass as they are")
                .isEqualTo("[\u007f\u0080\u00e9\u00ff]");
        StringBuilder expected = new StringBuilder("[");
        for (int b = 0; b < 256; b++) {
            expected.append(switch (b) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                default -> b < 0x20 ? String.format("\\u%04X", b) : String.valueOf((char) b);
            });
        }
        assertThat(value(LogFormat.Escape.JSON, allBytes())).isEqualTo(expected.append(']').toString());
    }

    @Test
    void noneWritesValuesAsTheyAre() {
        assertThat(value(LogFormat.Escape.NONE, allBytes())).isEqualTo("[" + allBytes() + "]");
    }

    @Test
    void missingValueIsADashOnlyWithDefaultEscaping() {
        // nginx 1.22: log_format n escape=none '[$http_missing]' logs "[]"
        assertThat(format(LogFormat.Escape.DEFAULT, "[$missing][$empty]")).isEqualTo("[-][]");
        assertThat(format(LogFormat.Escape.NONE, "[$missing][$empty]")).isEqualTo("[][]");
        assertThat(format(LogFormat.Escape.JSON, "{\"m\":\"$missing\",\"e\":\"$empty\"}"))
                .isEqualTo("{\"m\":\"\",\"e\":\"\"}");
    }

    @Test
    void literalTextIsNeverEscaped() {
        values.put("v", "\"");
        assertThat(format(LogFormat.Escape.DEFAULT, "\"$v\" \\ \t")).isEqualTo("\"\\x22\" \\ \t");
        assertThat(format(LogFormat.Escape.JSON, "{\"v\":\"$v\"}")).isEqualTo("{\"v\":\"\\\"\"}");
    }

    @Test
    void compilerJoinsStringsAndReadsVariableNamesAsNginx() {
        values.put("v", "V");
        values.put("w", "W");
        assertThat(format(LogFormat.Escape.DEFAULT, "a=$v ", "b=$w")).as("strings are joined without a separator")
                .isEqualTo("a=V b=W");
        assertThat(format(LogFormat.Escape.DEFAULT, "$v$w|${v}x|$v-x|$v.x")).isEqualTo("VW|Vx|V-x|V.x");
        assertThat(format(LogFormat.Escape.DEFAULT, "$V")).as("names are case-insensitive").isEqualTo("V");
        assertThat(format(LogFormat.Escape.DEFAULT, "$v\u00e9")).as("a name is [A-Za-z0-9_] only")
                .isEqualTo("V\u00e9");
        assertThat(format(LogFormat.Escape.DEFAULT, "no variables")).isEqualTo("no variables");
    }

    @Test
    void compilerErrorsAreNginxs() {
        assertThatThrownBy(() -> format(LogFormat.Escape.DEFAULT, "a $ b")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid variable name in \"a $ b\"");
        assertThatThrownBy(() -> format(LogFormat.Escape.DEFAULT, "x$")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid variable name");
        assertThatThrownBy(() -> format(LogFormat.Escape.DEFAULT, "${v")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("the closing bracket in \"v\" variable is missing");
        assertThatThrownBy(() -> format(LogFormat.Escape.DEFAULT, "$nosuch")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown \"nosuch\" variable");
    }
}
