package dev.switchboard.routing;

import java.util.Map;

/**
 * The captures of a successful regex match, as nginx exposes them to {@code $1..$9} and named variables.
 * Index 0 is the whole match. A group that did not take part in the match is the empty string, because that is
 * what nginx substitutes for it.
 */
public record RegexCaptures(String[] groups, Map<String, Integer> names) {

    /** Group {@code index}, or the empty string when the regex has no such group (as nginx renders {@code $9}). */
    public String group(int index) {
        return index >= 0 && index < groups.length ? groups[index] : "";
    }

    /** The named group ({@code (?<name>...)} or {@code (?P<name>...)}), or null when the regex has no such name. */
    public String group(String name) {
        Integer index = names.get(name);
        return index == null ? null : groups[index];
    }

    /** How many groups there are, counting the whole match. */
    public int count() {
        return groups.length;
    }
}
