package dev.switchboard.config;

/**
 * Where something stands in a configuration file: file path as given, 1-based line and column.
 * Printed as {@code file:line:col}, the form editors and {@code nginx -t} users expect.
 */
public record Position(String file, int line, int column) {

    /** A position for text that did not come from a file, such as {@code -g} directives. */
    public static Position of(String source, int line, int column) {
        return new Position(source, line, column);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
