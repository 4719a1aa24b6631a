package dev.switchboard.server;

import dev.switchboard.routing.ServerNameMatcher;

import java.net.InetAddress;

/**
 * The servers reachable on one listen address: matched by {@code Host} name, else the default server
 * (the one marked {@code default_server}, or the first one listed). {@code address} is null for the wildcard;
 * {@code backlog} is the largest {@code backlog=} among the address's listen directives.
 */
public record VirtualHosts(InetAddress address, int port, int backlog, ServerNameMatcher<VirtualServer> names,
                           VirtualServer defaultServer) {
}
