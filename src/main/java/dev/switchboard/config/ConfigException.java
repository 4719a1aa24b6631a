package dev.switchboard.config;

/**
 * A configuration error: what is wrong, where ({@link Position}), and optionally a hint on how to fix it.
 * The message reads like nginx's ({@code unknown directive "foo" in file:line:col}) with the hint appended; text
 * quoted from the configuration shows as UTF-8 ({@link RawText#toUnicode}), the problem and hint stay raw.
 */
public final class ConfigException extends RuntimeException {

    private final transient Position position;
    private final String problem;
    private final String hint;

    public ConfigException(String problem, Position position) {
        this(problem, position, null);
    }

    public ConfigException(String problem, Position position, String hint) {
        super(format(problem, position, hint));
        this.problem = problem;
        this.position = position;
        this.hint = hint;
    }

    /** Where the error is, or null when it concerns no single place. */
    public Position position() {
        return position;
    }

    /** The problem alone, without position or hint. */
    public String problem() {
        return problem;
    }

    /** The suggested fix ("did you mean ...?"), or null. */
    public String hint() {
        return hint;
    }

    private static String format(String problem, Position position, String hint) {
        StringBuilder sb = new StringBuilder(RawText.toUnicode(problem));
        if (position != null) {
            sb.append(" in ").append(position);
        }
        if (hint != null) {
            sb.append(" (").append(RawText.toUnicode(hint)).append(')');
        }
        return sb.toString();
    }
}
