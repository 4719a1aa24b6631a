package dev.switchboard.routing;

/** The kind of a {@code location} block, named after the modifier that introduces it in nginx's syntax. */
public enum LocationModifier {
    /** {@code location = /x}: only the URI {@code /x}; wins immediately. */
    EXACT("="),
    /** {@code location /x}: the longest such prefix is remembered, then regexes may still win. */
    PREFIX(""),
    /** {@code location ^~ /x}: a prefix that, when it is the longest, stops the regex search. */
    PREFIX_NO_REGEX("^~"),
    /** {@code location ~ re}: case-sensitive regex, tried in configuration order. */
    REGEX("~"),
    /** {@code location ~* re}: case-insensitive (ASCII) regex, tried in configuration order. */
    REGEX_CASELESS("~*"),
    /** {@code location @name}: never matched by URI, only reached by name ({@code error_page}, {@code try_files}). */
    NAMED("@");

    private final String symbol;

    LocationModifier(String symbol) {
        this.symbol = symbol;
    }

    /** The modifier as written in a configuration ({@code "="}, {@code "^~"}, ...); empty for a plain prefix. */
    public String symbol() {
        return symbol;
    }

    /** Whether the location is matched by a regular expression. */
    public boolean isRegex() {
        return this == REGEX || this == REGEX_CASELESS;
    }

    /** Whether the location lives in nginx's static tree (exact and prefix locations). */
    public boolean isStatic() {
        return this == EXACT || this == PREFIX || this == PREFIX_NO_REGEX;
    }

    /** Whether the location matches every URI that starts with its name (nginx's "inclusive" locations). */
    public boolean isInclusive() {
        return this == PREFIX || this == PREFIX_NO_REGEX;
    }
}
