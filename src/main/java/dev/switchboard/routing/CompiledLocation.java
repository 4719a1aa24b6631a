package dev.switchboard.routing;

/**
 * A location ready for matching: its rule, its compiled regex and matcher slot (regex locations only), and the
 * level of locations nested inside it.
 */
record CompiledLocation<T>(LocationRule<T> rule, NginxRegex regex, int slot, LocationLevel<T> nested) {

    /** A {@code ^~} location: when it is the longest prefix, regexes at its level are not tried. */
    boolean noRegex() {
        return rule.modifier() == LocationModifier.PREFIX_NO_REGEX;
    }
}
