package dev.switchboard.vars;

import dev.switchboard.config.Argument;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Position;

import java.util.ArrayList;
import java.util.List;

/**
 * A directive argument with variables in it ({@code "$scheme://$host${uri}x"}), compiled once at config load into
 * a list of parts, so a request only evaluates getters and concatenates. Syntax is nginx's
 * ({@code ngx_http_script_compile}): {@code $name} takes the longest run of [A-Za-z0-9_]; {@code ${name}} ends the
 * name before adjacent text; {@code $1}..{@code $9} are regex captures and take exactly one digit ({@code $12} is
 * capture 1 then "2"); a '$' with no name after it is an error, as there is no escape for '$' in nginx.
 * Variables that are not found render as the empty string.
 */
public final class Template {

    private final String source;
    private final Variable[] parts;
    private final String constant;
    private final int sizeHint;

    private Template(String source, Variable[] parts, String constant, int sizeHint) {
        this.source = source;
        this.parts = parts;
        this.constant = constant;
        this.sizeHint = sizeHint;
    }

    /** A template of fixed text. */
    public static Template of(String text) {
        return new Template(text, new Variable[0], text, text.length());
    }

    /**
     * Compiles an argument, resolving every variable in {@code registry}.
     *
     * @throws ConfigException {@code invalid variable name}, {@code the closing bracket in "x" variable is missing}
     *                         or {@code unknown "x" variable}, positioned at the offending '$'
     */
    public static Template compile(Argument argument, VariableRegistry registry) {
        return compile(argument.text(), argument.position(), argument.quoted(), registry);
    }

    /** Compiles text that starts at {@code origin} (after the opening quote when {@code quoted}). */
    static Template compile(String text, Position origin, boolean quoted, VariableRegistry registry) {
        if (text.indexOf('$') < 0) {
            return of(text);
        }
        List<Variable> parts = new ArrayList<>();
        int literalLength = 0;
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                literal.append(c);
                i++;
                continue;
            }
            int dollar = i;
            if (literal.length() > 0) {
                parts.add(constantPart(literal.toString()));
                literalLength += literal.length();
                literal.setLength(0);
            }
            i++;
            if (i == text.length()) {
                throw invalidName(text, dollar, origin, quoted);
            }
            char first = text.charAt(i);
            if (first >= '1' && first <= '9') {
                parts.add(registry.resolve(String.valueOf(first), at(text, dollar, origin, quoted)));
                i++;
                continue;
            }
            boolean bracket = first == '{';
            if (bracket) {
                i++;
                if (i == text.length()) {
                    throw invalidName(text, dollar, origin, quoted);
                }
            }
            int nameStart = i;
            while (i < text.length() && isNameChar(text.charAt(i))) {
                i++;
            }
            String name = text.substring(nameStart, i);
            if (bracket) {
                if (i == text.length() || text.charAt(i) != '}') {
                    throw new ConfigException("the closing bracket in \"" + name + "\" variable is missing",
                            at(text, dollar, origin, quoted));
                }
                i++;
            }
            if (name.isEmpty()) {
                throw invalidName(text, dollar, origin, quoted);
            }
            parts.add(registry.resolve(name, at(text, dollar, origin, quoted)));
        }
        if (literal.length() > 0) {
            parts.add(constantPart(literal.toString()));
            literalLength += literal.length();
        }
        return new Template(text, parts.toArray(new Variable[0]), null, literalLength + 16);
    }

    /** Evaluates for one request; never null. */
    public String evaluate(RequestContext request) {
        if (constant != null) {
            return constant;
        }
        if (parts.length == 1) {
            String value = parts[0].value(request);
            return value == null ? "" : value;
        }
        StringBuilder sb = new StringBuilder(sizeHint);
        for (Variable part : parts) {
            String value = part.value(request);
            if (value != null) {
                sb.append(value);
            }
        }
        return sb.toString();
    }

    /** True when the text has no variables, so callers may use {@link #constantValue()} at config load. */
    public boolean isConstant() {
        return constant != null;
    }

    /**
     * The fixed text of a constant template.
     *
     * @throws IllegalStateException if the template has variables
     */
    public String constantValue() {
        if (constant == null) {
            throw new IllegalStateException("template \"" + source + "\" has variables");
        }
        return constant;
    }

    /** The text as written in the configuration. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static Variable constantPart(String text) {
        return request -> text;
    }

    private static ConfigException invalidName(String text, int dollar, Position origin, boolean quoted) {
        return new ConfigException("invalid variable name", at(text, dollar, origin, quoted),
                "a variable name is letters, digits and '_'; write ${name} to end it before other text;"
                        + " a literal '$' cannot be written here");
    }

    /** Where character {@code offset} of the argument stands (exact unless escapes shortened the text). */
    private static Position at(String text, int offset, Position origin, boolean quoted) {
        if (origin == null) {
            return null;
        }
        int newline = text.lastIndexOf('\n', offset - 1);
        if (newline < 0) {
            return new Position(origin.file(), origin.line(), origin.column() + (quoted ? 1 : 0) + offset);
        }
        int lines = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        return new Position(origin.file(), origin.line() + lines, offset - newline);
    }
}
