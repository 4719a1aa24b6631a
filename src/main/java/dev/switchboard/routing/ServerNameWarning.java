package dev.switchboard.routing;

/**
 * Something nginx accepts with a warning, such as {@code conflicting server name "example.com", ignored}; the
 * caller adds the listen address and the entry's position, as nginx does.
 */
public record ServerNameWarning<T>(ServerNameEntry<T> entry, String message) {
}
