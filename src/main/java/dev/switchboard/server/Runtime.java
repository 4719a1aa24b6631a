package dev.switchboard.server;

import dev.switchboard.proxy.UpstreamGroup;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One loaded configuration generation, ready to serve: the listen addresses with their virtual hosts, the upstream
 * groups, and the sizes of per-request state. Immutable; a reload builds a new one and swaps the reference, while
 * open connections keep the generation they started with.
 */
public record Runtime(List<VirtualHosts> addresses, Map<String, UpstreamGroup> upstreams, int variableSlots,
                      int eventLoops, int workerConnections, String pidFile, List<String> warnings) {

    /** The virtual hosts for a connection accepted on a local address: the exact address, else the wildcard. */
    public VirtualHosts hostsFor(InetSocketAddress local) {
        VirtualHosts wildcard = null;
        for (VirtualHosts hosts : addresses) {
            if (hosts.port() != local.getPort()) {
                continue;
            }
            if (hosts.address() == null) {
                wildcard = hosts;
            } else if (hosts.address().equals(local.getAddress())) {
                return hosts;
            }
        }
        return wildcard;
    }

    /** The socket addresses to bind: the wildcard alone for a port that has one, else each specific address. */
    public List<InetSocketAddress> bindAddresses() {
        java.util.LinkedHashSet<InetSocketAddress> binds = new java.util.LinkedHashSet<>();
        for (VirtualHosts hosts : addresses) {
            boolean portHasWildcard = addresses.stream()
                    .anyMatch(h -> h.port() == hosts.port() && h.address() == null);
            if (hosts.address() == null) {
                binds.add(new InetSocketAddress(hosts.port()));
            } else if (!portHasWildcard) {
                binds.add(new InetSocketAddress(hosts.address(), hosts.port()));
            }
        }
        return List.copyOf(binds);
    }
}
