package dev.switchboard.http;

import dev.switchboard.config.Position;

/**
 * One {@code listen} directive: the address to bind (host null = all addresses) and its parameters.
 *
 * @param host          literal IP or host name to bind, or null for the wildcard address
 * @param port          TCP port
 * @param defaultServer whether this server is the default for the address:port
 * @param backlog       listen backlog ({@code backlog=}), nginx's default 511
 * @param ssl           whether the address speaks TLS
 * @param reusePort     {@code reuseport}
 */
public record Listen(String host, int port, boolean defaultServer, int backlog, boolean ssl, boolean reusePort,
                     Position position) {

    /** nginx's default backlog on Linux. */
    public static final int DEFAULT_BACKLOG = 511;

    /** "host:port" or "*:port", the form nginx uses in messages. */
    public String label() {
        String h = host == null ? "*" : host.contains(":") ? "[" + host + "]" : host;
        return h + ":" + port;
    }
}
