package dev.switchboard.config;

/**
 * How many arguments a directive takes, as nginx's {@code NGX_CONF_TAKE*} / {@code 1MORE} / {@code 2MORE} flags.
 * {@code max} is {@link Integer#MAX_VALUE} for "or more".
 */
public record Arity(int min, int max) {

    public static final Arity NONE = new Arity(0, 0);
    public static final Arity ONE = new Arity(1, 1);
    public static final Arity TWO = new Arity(2, 2);
    public static final Arity ONE_OR_TWO = new Arity(1, 2);
    public static final Arity ONE_OR_MORE = new Arity(1, Integer.MAX_VALUE);
    public static final Arity TWO_OR_MORE = new Arity(2, Integer.MAX_VALUE);
    public static final Arity ANY = new Arity(0, Integer.MAX_VALUE);

    public static Arity between(int min, int max) {
        return new Arity(min, max);
    }

    public boolean accepts(int count) {
        return count >= min && count <= max;
    }
}
