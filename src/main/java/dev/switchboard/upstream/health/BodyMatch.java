package dev.switchboard.upstream.health;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The body test of an HTTP health check: {@code body=~REGEX} passes when the regular expression is found in the
 * first {@value #LIMIT} bytes of the body (read as UTF-8), {@code body=!~REGEX} when it is not, as the
 * {@code body} test of nginx Plus's {@code match} block. Java regex syntax, like the rest of Switchboard's
 * non-location regexes.
 */
public record BodyMatch(Pattern pattern, boolean negated) {

    /** How much of a body is read for the test; the rest is ignored. */
    public static final int LIMIT = 64 * 1024;

    public BodyMatch {
        Objects.requireNonNull(pattern, "pattern");
    }

    /** Whether the body (its first {@value #LIMIT} bytes) passes. */
    public boolean accepts(CharSequence body) {
        return pattern.matcher(body).find() != negated;
    }

    @Override
    public String toString() {
        return (negated ? "!~" : "~") + pattern.pattern();
    }
}
