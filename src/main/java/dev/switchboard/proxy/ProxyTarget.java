package dev.switchboard.proxy;

import dev.switchboard.vars.Template;

/**
 * A compiled {@code proxy_pass} URL.
 *
 * @param https        whether the scheme is https
 * @param hostPort     the host and optional port as written ("socket.kevin", "127.0.0.1:9000")
 * @param host         the host part alone
 * @param port         the port (80/443 when none was written)
 * @param explicitPort whether a port was written
 * @param uri          the URI part (null when the URL has none; "/" counts as one), for nginx's replacement rule
 * @param dynamic      the whole URL as a template when it contains variables (resolved per request), else null
 */
public record ProxyTarget(boolean https, String hostPort, String host, int port, boolean explicitPort, String uri,
                          Template dynamic) {

    /** {@code $proxy_host}: host, plus ":port" when the port is not the scheme's default. */
    public String proxyHost() {
        return explicitPort && port != defaultPort() ? host + ":" + port : host;
    }

    /** {@code $proxy_port}. */
    public String proxyPort() {
        return Integer.toString(port);
    }

    public int defaultPort() {
        return https ? 443 : 80;
    }
}
