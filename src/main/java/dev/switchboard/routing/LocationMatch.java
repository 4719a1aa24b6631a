package dev.switchboard.routing;

/**
 * The location chosen for a URI.
 *
 * @param rule the matched location
 * @param captures the captures of the last regex location that matched on the way (nginx keeps them for a prefix
 *     location nested in a regex one), or null when no regex location took part
 * @param exactWithoutSlash nginx's auto-redirect: the URI is the location's name minus its trailing slash and the
 *     location asked for it (proxy_pass and the other upstream handlers); the caller answers 301 to {@code uri + "/"}
 */
public record LocationMatch<T>(LocationRule<T> rule, RegexCaptures captures, boolean exactWithoutSlash) {

    /** The payload of the matched location. */
    public T target() {
        return rule.target();
    }

    /** The regex groups (index 0 is the whole match), or null when no regex location took part. */
    public String[] groups() {
        return captures == null ? null : captures.groups();
    }
}
