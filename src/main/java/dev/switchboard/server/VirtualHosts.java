package dev.switchboard.server;

import dev.switchboard.routing.ServerNameMatcher;

import java.net.InetAddress;

/**
 * The servers reachable on one listen address: matched by {@code Host} name, else the default server
 * (the one marked {@code default_server}, or the first one listed). {@code address} is null for the wildcard.
 */
public record VirtualHosts(InetAddress address, int port, ServerNameMatcher<VirtualServer> names,
                           VirtualServer defaultServer) {
}
