package dev.switchboard.observe;

import dev.switchboard.config.Argument;
import dev.switchboard.config.ConfigException;
import dev.switchboard.vars.RequestContext;
import dev.switchboard.vars.Variable;
import dev.switchboard.vars.VariableRegistry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@code log_format}: literal text and variables, each variable's value escaped as nginx's
 * {@code escape=} says ({@code default}: {@code "}, {@code \} and bytes outside 32..126 as {@code \xXX}; {@code json}:
 * JSON string escapes; {@code none}). A variable without a value logs as {@code -} with {@code escape=default} and
 * as nothing with {@code json} and {@code none}, as in nginx.
 */
public final class LogFormat {

    /** nginx's escaping modes. */
    public enum Escape { DEFAULT, JSON, NONE }

    /** nginx's predefined format. */
    static final String COMBINED = "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
            + "\"$http_referer\" \"$http_user_agent\"";

    private final String name;
    private final Escape escape;
    private final Object[] parts;

    private LogFormat(String name, Escape escape, Object[] parts) {
        this.name = name;
        this.escape = escape;
        this.parts = parts;
    }

    public String name() {
        return name;
    }

    /** Compiles the format strings of a {@code log_format} directive (joined, as nginx does). */
    static LogFormat compile(String name, Escape escape, List<Argument> strings, VariableRegistry registry) {
        List<Object> parts = new ArrayList<>();
        for (Argument a : strings) {
            String text = a.text();
            StringBuilder literal = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c != '$') {
                    literal.append(c);
                    i++;
                    continue;
                }
                int j = i + 1;
                boolean bracket = j < text.length() && text.charAt(j) == '{';
                if (bracket) {
                    j++;
                }
                int start = j;
                while (j < text.length() && nameChar(text.charAt(j))) {
                    j++;
                }
                if (j == start) {
                    throw new ConfigException("invalid variable name in \"" + text + "\"", a.position());
                }
                String var = text.substring(start, j);
                if (bracket) {
                    if (j >= text.length() || text.charAt(j) != '}') {
                        throw new ConfigException("the closing bracket in \"" + var + "\" variable is missing",
                                a.position());
                    }
                    j++;
                }
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(registry.resolve(var, a.position()));
                i = j;
            }
            if (literal.length() > 0) {
                parts.add(literal.toString());
            }
        }
        return new LogFormat(name, escape, parts.toArray());
    }

    /** nginx's variable-name bytes in a format: {@code [A-Za-z0-9_]}. */
    private static boolean nameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** One log line (without the newline). */
    public String format(RequestContext request) {
        StringBuilder out = new StringBuilder(128);
        for (Object part : parts) {
            if (part instanceof String s) {
                out.append(s);
                continue;
            }
            String value;
            try {
                value = ((Variable) part).value(request);
            } catch (RuntimeException e) {
                value = null;
            }
            if (value == null) {
                if (escape == Escape.DEFAULT) {
                    out.append('-'); // escape=json and escape=none log nothing, as nginx does
                }
                continue;
            }
            escape(value, out);
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static void hex(int b, StringBuilder out) {
        out.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }

    private void escape(String value, StringBuilder out) {
        switch (escape) {
            case NONE -> out.append(value);
            case DEFAULT -> {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c > 0xff) {
                        // text from the wire and the configuration is bytes (RawText); text made by the proxy
                        // itself may hold chars above a byte: written as their UTF-8 bytes
                        int cp = value.codePointAt(i);
                        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                            hex(b & 0xff, out);
                        }
                        i += Character.charCount(cp) - 1;
                    } else if (c == '"' || c == '\\' || c < 0x20 || c > 0x7e) {
                        hex(c, out);
                    } else {
                        out.append(c);
                    }
                }
            }
            case JSON -> {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    switch (c) {
                        case '"' -> out.append("\\\"");
                        case '\\' -> out.append("\\\\");
                        case '\n' -> out.append("\\n");
                        case '\r' -> out.append("\\r");
                        case '\t' -> out.append("\\t");
                        case '\b' -> out.append("\\b");
                        case '\f' -> out.append("\\f");
                        default -> {
                            if (c < 0x20) {
                                out.append("\\u00").append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                            } else {
                                out.append(c);
                            }
                        }
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
    }
}
