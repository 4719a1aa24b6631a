package dev.switchboard.tls;

/**
 * {@code ssl_session_cache}: {@code off} (no reuse), {@code none} (nginx's default: no server cache, no promise
 * either), or a cache of about {@code entries} sessions ({@code builtin[:size]}, {@code shared:name:size}, where
 * nginx counts about 4000 sessions per megabyte).
 */
public record SessionCache(boolean enabled, int entries) {

    public static final SessionCache NONE = new SessionCache(false, 0);

    /** Sessions per byte of a shared zone, as nginx's documentation puts it (1 MB is about 4000 sessions). */
    static int entriesForBytes(long bytes) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes * 4000 / (1024 * 1024)));
    }
}
