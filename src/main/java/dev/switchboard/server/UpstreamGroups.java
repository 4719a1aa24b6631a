package dev.switchboard.server;

import dev.switchboard.config.CompileContext;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Position;
import dev.switchboard.config.model.ConfigBlock;
import dev.switchboard.proxy.KeepalivePool;
import dev.switchboard.proxy.ProxyTarget;
import dev.switchboard.proxy.UpstreamGroup;
import dev.switchboard.upstream.Balancers;
import dev.switchboard.upstream.BalancingMethod;
import dev.switchboard.upstream.PeerGroup;
import dev.switchboard.upstream.PeerSpec;
import dev.switchboard.upstream.RoundRobin;
import dev.switchboard.upstream.ServerLine;
import dev.switchboard.upstream.UpstreamDirectives;
import dev.switchboard.upstream.UpstreamSettings;
import dev.switchboard.upstream.dns.ResolverSettings;
import dev.switchboard.upstream.dns.ResolverSpec;
import dev.switchboard.upstream.dns.UpstreamResolver;
import dev.switchboard.upstream.health.GroupHealthCheck;
import dev.switchboard.upstream.health.HealthCheckDirectives;
import dev.switchboard.upstream.health.HealthCheckSpec;
import dev.switchboard.upstream.health.HealthChecks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code upstream} blocks (and the implicit upstream of {@code proxy_pass host:port}) into balanced peer
 * groups, resolving server names once at load as nginx does without {@code resolve}; names with {@code resolve} are
 * left to an {@link UpstreamResolver}.
 */
final class UpstreamGroups {

    private UpstreamGroups() {
    }

    /**
     * The named upstreams; for each one with {@code server ... resolve}, adds to {@code resolvers} the
     * {@link UpstreamResolver} that will keep its peers in step with DNS once started.
     */
    static Map<String, UpstreamGroup> build(CompileContext context, List<UpstreamResolver> resolvers) {
        Map<String, UpstreamGroup> groups = new LinkedHashMap<>();
        UpstreamDirectives.UpstreamBlocks blocks = context.service(UpstreamDirectives.UpstreamBlocks.class,
                UpstreamDirectives.UpstreamBlocks::new);
        for (Map.Entry<String, ConfigBlock> e : blocks.blocks().entrySet()) {
            groups.put(e.getKey(), fromBlock(e.getKey(), e.getValue(), resolvers));
        }
        return groups;
    }

    /** The active health checks of the upstream blocks that have {@code health_check}, one per group. */
    static HealthChecks healthChecks(CompileContext context, Map<String, UpstreamGroup> groups) {
        UpstreamDirectives.UpstreamBlocks blocks = context.service(UpstreamDirectives.UpstreamBlocks.class,
                UpstreamDirectives.UpstreamBlocks::new);
        List<GroupHealthCheck> checks = new ArrayList<>();
        for (Map.Entry<String, ConfigBlock> e : blocks.blocks().entrySet()) {
            HealthCheckSpec spec = e.getValue().settings().get(HealthCheckDirectives.HEALTH_CHECK);
            if (spec != null) {
                checks.add(new GroupHealthCheck(e.getKey(), groups.get(e.getKey()).balancer().group(), spec));
            }
        }
        return checks.isEmpty() ? HealthChecks.NONE : new HealthChecks(checks);
    }

    private static UpstreamGroup fromBlock(String name, ConfigBlock block, List<UpstreamResolver> resolvers) {
        List<ServerLine> lines = block.settings().get(UpstreamSettings.SERVERS);
        Position where = block.directive().position();
        if (lines.isEmpty()) {
            throw new ConfigException("no servers are inside upstream \"" + name + "\"", where);
        }
        BalancingMethod method = block.settings().get(UpstreamSettings.METHOD);
        List<PeerSpec> specs = new ArrayList<>();
        List<UpstreamResolver.Entry> entries = new ArrayList<>();
        boolean dynamic = false;
        for (ServerLine line : lines) {
            if (line.backup() && !method.kind().allowsBackup()) {
                throw new ConfigException("balancing method does not support parameter \"backup\"",
                        line.position());
            }
            if (line.resolve() && !isIpLiteral(line.address())) {
                HostPort hp = HostPort.parse(line.address(), 80, line.position());
                entries.add(new UpstreamResolver.Entry(line, List.of(), hp.host(), hp.port()));
                dynamic = true;
                continue;
            }
            List<PeerSpec> fixed = new ArrayList<>();
            for (InetSocketAddress address : resolve(line.address(), 80, line.position(), name)) {
                fixed.add(new PeerSpec(line.address(), address, line.weight(), line.maxFails(),
                        line.failTimeoutSeconds(), line.maxConns(), line.backup(), line.down()));
            }
            specs.addAll(fixed);
            entries.add(new UpstreamResolver.Entry(line, fixed, null, 0));
        }
        int keepalive = block.settings().get(UpstreamSettings.KEEPALIVE);
        KeepalivePool pool = keepalive == 0 ? null : new KeepalivePool(keepalive,
                block.settings().get(UpstreamSettings.KEEPALIVE_TIMEOUT),
                block.settings().get(UpstreamSettings.KEEPALIVE_REQUESTS));
        if (dynamic) {
            return resolvable(name, block, method, specs, entries, pool, resolvers);
        }
        PeerGroup group = PeerGroup.of(name, specs);
        return new UpstreamGroup(name, Balancers.of(method, group), method, pool);
    }

    /**
     * An upstream with {@code resolve} servers (nginx 1.27.3): needs a {@code zone} and a {@code resolver}, as in
     * nginx, and starts with the peers of its other lines only; the resolver adds the rest.
     */
    private static UpstreamGroup resolvable(String name, ConfigBlock block, BalancingMethod method,
                                            List<PeerSpec> specs, List<UpstreamResolver.Entry> entries,
                                            KeepalivePool pool, List<UpstreamResolver> resolvers) {
        Position first = entries.stream().filter(e -> e.host() != null).findFirst().orElseThrow().line().position();
        if (block.settings().get(UpstreamSettings.ZONE) == null) {
            throw new ConfigException("resolving names at run time requires upstream \"" + name
                    + "\" to be in shared memory", first, "add \"zone " + name + " 64k;\" to the upstream block");
        }
        ResolverSpec resolver = block.settings().get(ResolverSettings.RESOLVER);
        if (resolver == null) {
            throw new ConfigException("no resolver defined to resolve names at run time in upstream \"" + name
                    + "\"", first, "add \"resolver ADDRESS;\" to the upstream or http block");
        }
        PeerGroup group = PeerGroup.resolvable(name, specs, dev.switchboard.upstream.SecondsClock.system());
        UpstreamGroup upstream = new UpstreamGroup(name, Balancers.of(method, group), method, pool);
        resolvers.add(new UpstreamResolver(name, method, group, entries, resolver,
                block.settings().get(ResolverSettings.RESOLVER_TIMEOUT), upstream::replaceBalancer));
        return upstream;
    }

    private static boolean isIpLiteral(String hostPort) {
        String host = hostPort.startsWith("[") ? "::" : hostPort.replaceAll(":\\d*$", "");
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    /** A {@code server} address split into name and port (default 80). */
    private record HostPort(String host, int port) {
        static HostPort parse(String text, int defaultPort, Position where) {
            int colon = text.lastIndexOf(':');
            if (colon > 0 && text.indexOf(':') == colon) {
                return new HostPort(text.substring(0, colon), parsePort(text.substring(colon + 1), text, where));
            }
            return new HostPort(text, defaultPort);
        }
    }

    static UpstreamGroup implicit(ProxyTarget target, Position where) {
        List<PeerSpec> specs = new ArrayList<>();
        for (InetSocketAddress address : resolve(target.hostPort(), target.defaultPort(), where, target.hostPort())) {
            specs.add(PeerSpec.of(target.hostPort(), address));
        }
        PeerGroup group = PeerGroup.of(target.hostPort(), specs);
        return new UpstreamGroup(target.hostPort(), new RoundRobin(group), BalancingMethod.ROUND_ROBIN);
    }

    private static List<InetSocketAddress> resolve(String hostPort, int defaultPort, Position where, String upstream) {
        String host = hostPort;
        int port = defaultPort;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            host = hostPort.substring(1, Math.max(1, close));
            if (close > 0 && close + 1 < hostPort.length() && hostPort.charAt(close + 1) == ':') {
                port = parsePort(hostPort.substring(close + 2), hostPort, where);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon > 0 && hostPort.indexOf(':') == colon) {
                host = hostPort.substring(0, colon);
                port = parsePort(hostPort.substring(colon + 1), hostPort, where);
            }
        }
        try {
            List<InetSocketAddress> out = new ArrayList<>();
            for (InetAddress a : InetAddress.getAllByName(host)) {
                out.add(new InetSocketAddress(a, port));
            }
            return out;
        } catch (UnknownHostException e) {
            throw new ConfigException("host not found in upstream \"" + upstream + "\"", where,
                    "check the name, or use an IP address");
        }
    }

    private static int parsePort(String text, String hostPort, Position where) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException("invalid port in upstream \"" + hostPort + "\"", where);
    }
}
