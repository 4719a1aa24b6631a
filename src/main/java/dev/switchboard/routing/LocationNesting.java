package dev.switchboard.routing;

import java.util.Deque;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * The checks nginx makes while it reads {@code location} blocks (ngx_http_core_location), in the same order:
 * the rule's own name and regex first, then its place under its parent, then its children.
 */
final class LocationNesting {

    private LocationNesting() {
    }

    /**
     * Checks {@code rules} under {@code parent} (null at server level) and appends each regex location's compiled
     * expression to {@code regexes} in depth-first configuration order.
     */
    static <T> void check(List<LocationRule<T>> rules, LocationRule<T> parent, Deque<NginxRegex> regexes) {
        for (LocationRule<T> rule : rules) {
            checkName(rule, regexes);
            if (parent != null) {
                checkPlace(rule, parent);
            }
            check(rule.nested(), rule, regexes);
        }
    }

    private static void checkName(LocationRule<?> rule, Deque<NginxRegex> regexes) {
        LocationModifier modifier = rule.modifier();
        if (modifier == LocationModifier.NAMED && !rule.pattern().startsWith("@")) {
            throw new RoutingException("named location \"" + rule.pattern() + "\" must start with \"@\"", rule);
        }
        if (modifier.isRegex()) {
            try {
                regexes.add(NginxRegex.compile(rule.pattern(), modifier == LocationModifier.REGEX_CASELESS));
            } catch (PatternSyntaxException e) {
                throw new RoutingException(
                        "invalid regex \"" + rule.pattern() + "\" in location: " + e.getDescription(), rule);
            }
        }
    }

    private static void checkPlace(LocationRule<?> rule, LocationRule<?> parent) {
        if (parent.modifier() == LocationModifier.EXACT) {
            throw new RoutingException("location \"" + rule.pattern() + "\" cannot be inside the exact location \""
                    + parent.pattern() + "\"", rule);
        }
        if (parent.modifier() == LocationModifier.NAMED) {
            throw new RoutingException("location \"" + rule.pattern() + "\" cannot be inside the named location \""
                    + parent.pattern() + "\"", rule);
        }
        if (rule.modifier() == LocationModifier.NAMED) {
            throw new RoutingException(
                    "named location \"" + rule.pattern() + "\" can be on the server level only", rule);
        }
        // nginx compares with the parent's name even when the parent is a regex, so a prefix nested in a regex
        // location must start with the regex source text
        if (!rule.modifier().isRegex() && !rule.pattern().startsWith(parent.pattern())) {
            throw new RoutingException("location \"" + rule.pattern() + "\" is outside location \""
                    + parent.pattern() + "\"", rule);
        }
    }
}
