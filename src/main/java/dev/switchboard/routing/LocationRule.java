package dev.switchboard.routing;

import java.util.List;
import java.util.Objects;

/**
 * One {@code location} block as written: its modifier, its name (the URI, the regex source, or {@code @name}
 * with the at sign), the payload the compiler attaches, and the locations nested inside it in configuration order.
 * Errors from {@link LocationMatcher#build} point back at the offending rule by identity, so the compiler can keep
 * an identity map from rule to source position.
 */
public record LocationRule<T>(LocationModifier modifier, String pattern, T target, List<LocationRule<T>> nested) {

    public LocationRule {
        Objects.requireNonNull(modifier, "modifier");
        Objects.requireNonNull(pattern, "pattern");
        nested = nested == null ? List.of() : List.copyOf(nested);
    }

    /** A rule with no nested locations. */
    public static <T> LocationRule<T> of(LocationModifier modifier, String pattern, T target) {
        return new LocationRule<>(modifier, pattern, target, List.of());
    }
}
