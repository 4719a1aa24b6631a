package dev.switchboard.config;

/**
 * One lexical unit of a configuration file: a word (directive name or argument, quotes removed and
 * escapes applied), one of the statement punctuators {@code ;} {@code {} {@code }}, or the end of input.
 * {@code position} is where its first character stands (the opening quote for a quoted word).
 */
public record Token(Kind kind, String text, boolean quoted, Position position) {

    /** What a token is. */
    public enum Kind {
        /** A directive name or argument. */
        WORD,
        /** {@code ;} ending a simple directive. */
        SEMICOLON,
        /** {@code {} opening a block. */
        BLOCK_START,
        /** {@code }} closing a block. */
        BLOCK_END,
        /** The end of the input; always the last token. */
        EOF
    }

    /** This word as a directive argument. */
    public Argument toArgument() {
        return new Argument(text, quoted, position);
    }

    @Override
    public String toString() {
        return kind == Kind.WORD ? (quoted ? "'" + text + "'" : text) + "@" + position : kind + "@" + position;
    }
}
