package dev.switchboard.server;

import dev.switchboard.routing.ServerNameMatch;
import dev.switchboard.routing.ServerNameMatcher;
import dev.switchboard.tls.TlsListener;

import java.net.InetAddress;

/**
 * The servers reachable on one listen address: matched by {@code Host} name, else the default server
 * (the one marked {@code default_server}, or the first one listed). {@code address} is null for the wildcard;
 * {@code backlog} is the largest {@code backlog=} among the address's listen directives; {@code tls} is null
 * unless a listen directive of the address has {@code ssl}.
 */
public record VirtualHosts(InetAddress address, int port, int backlog, ServerNameMatcher<VirtualServer> names,
                           VirtualServer defaultServer, TlsListener tls) {

    /** The server block for a host name: by name, else the default server (the empty name matches no-name). */
    public VirtualServer serverFor(String hostName) {
        ServerNameMatch<VirtualServer> match = names.match(hostName == null ? "" : hostName);
        return match != null ? match.target() : defaultServer;
    }
}
