package dev.switchboard.websocket;

import java.util.List;
import java.util.Locale;

/**
 * {@code websocket_allowed_origins}: the browser origins allowed to open WebSockets through a location, as exact
 * origins ({@code https://app.example.com}) or with one leading wildcard label ({@code https://*.example.com},
 * which matches subdomains at any depth but not the bare domain). This is the defence against cross-site WebSocket
 * hijacking: browsers send cookies with a cross-site WebSocket handshake, and CORS headers such as
 * {@code add_header Access-Control-Allow-Origin} do not apply to WebSockets. A handshake without an Origin header
 * (not from a browser) is allowed.
 */
public record OriginPolicy(List<String> patterns) {

    public OriginPolicy {
        patterns = patterns.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
    }

    /** Whether a handshake with this Origin header value (null when absent) may proceed. */
    public boolean allows(String origin) {
        if (origin == null) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        for (String p : patterns) {
            if (p.equals("*") || p.equals(o)) {
                return true;
            }
            int star = p.indexOf("://*.");
            if (star > 0) {
                String scheme = p.substring(0, star + 3);
                String suffix = p.substring(star + 4);
                if (o.startsWith(scheme) && o.endsWith(suffix) && o.length() > scheme.length() + suffix.length()) {
                    return true;
                }
            }
        }
        return false;
    }
}
