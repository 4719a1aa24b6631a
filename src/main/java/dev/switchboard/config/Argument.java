package dev.switchboard.config;

/**
 * One argument of a directive after lexing: its text with quotes removed and escapes applied
 * (as nginx's {@code ngx_conf_read_token} does), whether it was quoted, and where it starts.
 */
public record Argument(String text, boolean quoted, Position position) {
}
