package dev.switchboard.routing;

/**
 * The server chosen for a host name.
 *
 * @param entry the server name that matched
 * @param captures the regex captures when a regex name matched (its named groups become variables), else null
 */
public record ServerNameMatch<T>(ServerNameEntry<T> entry, RegexCaptures captures) {

    /** The server the name belongs to. */
    public T target() {
        return entry.target();
    }
}
