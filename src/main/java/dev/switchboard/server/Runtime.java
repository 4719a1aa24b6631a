package dev.switchboard.server;

import dev.switchboard.proxy.UpstreamGroup;
import dev.switchboard.upstream.dns.Resolvers;
import dev.switchboard.upstream.health.HealthChecks;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One loaded configuration generation, ready to serve: the listen addresses with their virtual hosts, the upstream
 * groups with their active health checks and DNS resolvers, and the sizes of per-request state. Immutable; a reload builds a new one
 * and swaps the reference, while open connections keep the generation they started with.
 */
public record Runtime(List<VirtualHosts> addresses, Map<String, UpstreamGroup> upstreams,
                      java.util.Set<InetSocketAddress> livePeers, long drainTimeoutMillis, int variableSlots,
                      int eventLoops, int workerConnections, String pidFile, List<String> warnings,
                      HealthChecks healthChecks,
                      dev.switchboard.observe.ObserveSettings.AccessLogSpec defaultAccessLog,
                      dev.switchboard.observe.ErrorLog.Spec errorLog, Resolvers resolvers) {

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

    /** One socket to bind and its listen backlog. */
    public record Binding(InetSocketAddress address, int backlog) {
    }

    /**
     * The sockets to bind: as nginx without {@code bind}, the wildcard alone for a port that has one (servers on
     * specific addresses of that port are then told apart by the connection's local address), else each address.
     */
    public List<Binding> bindings() {
        List<Binding> binds = new java.util.ArrayList<>();
        for (VirtualHosts hosts : addresses) {
            boolean portHasWildcard = addresses.stream()
                    .anyMatch(h -> h.port() == hosts.port() && h.address() == null);
            if (hosts.address() == null) {
                binds.add(new Binding(new InetSocketAddress(hosts.port()), hosts.backlog()));
            } else if (!portHasWildcard) {
                binds.add(new Binding(new InetSocketAddress(hosts.address(), hosts.port()), hosts.backlog()));
            }
        }
        return List.copyOf(binds);
    }
}
