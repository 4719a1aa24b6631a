package dev.switchboard.server;

import dev.switchboard.config.CompileContext;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Position;
import dev.switchboard.config.model.ConfigBlock;
import dev.switchboard.proxy.KeepalivePool;
import dev.switchboard.proxy.ProxyTarget;
import dev.switchboard.proxy.UpstreamGroup;
import dev.switchboard.upstream.Balancer;
import dev.switchboard.upstream.BalancingMethod;
import dev.switchboard.upstream.ConsistentHash;
import dev.switchboard.upstream.Hash;
import dev.switchboard.upstream.IpHash;
import dev.switchboard.upstream.LeastConn;
import dev.switchboard.upstream.PeerGroup;
import dev.switchboard.upstream.PeerSpec;
import dev.switchboard.upstream.RandomTwo;
import dev.switchboard.upstream.RoundRobin;
import dev.switchboard.upstream.ServerLine;
import dev.switchboard.upstream.UpstreamDirectives;
import dev.switchboard.upstream.UpstreamSettings;
import dev.switchboard.upstream.WeightedRandom;
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
 * groups, resolving server names once at load as nginx does without {@code resolve}.
 */
final class UpstreamGroups {

    private UpstreamGroups() {
    }

    static Map<String, UpstreamGroup> build(CompileContext context) {
        Map<String, UpstreamGroup> groups = new LinkedHashMap<>();
        UpstreamDirectives.UpstreamBlocks blocks = context.service(UpstreamDirectives.UpstreamBlocks.class,
                UpstreamDirectives.UpstreamBlocks::new);
        for (Map.Entry<String, ConfigBlock> e : blocks.blocks().entrySet()) {
            groups.put(e.getKey(), fromBlock(e.getKey(), e.getValue()));
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

    private static UpstreamGroup fromBlock(String name, ConfigBlock block) {
        List<ServerLine> lines = block.settings().get(UpstreamSettings.SERVERS);
        Position where = block.directive().position();
        if (lines.isEmpty()) {
            throw new ConfigException("no servers are inside upstream \"" + name + "\"", where);
        }
        BalancingMethod method = block.settings().get(UpstreamSettings.METHOD);
        List<PeerSpec> specs = new ArrayList<>();
        for (ServerLine line : lines) {
            if (line.backup() && !method.kind().allowsBackup()) {
                throw new ConfigException("balancing method does not support parameter \"backup\"",
                        line.position());
            }
            for (InetSocketAddress address : resolve(line.address(), 80, line.position(), name)) {
                specs.add(new PeerSpec(line.address(), address, line.weight(), line.maxFails(),
                        line.failTimeoutSeconds(), line.maxConns(), line.backup(), line.down()));
            }
        }
        PeerGroup group = PeerGroup.of(name, specs);
        int keepalive = block.settings().get(UpstreamSettings.KEEPALIVE);
        KeepalivePool pool = keepalive == 0 ? null : new KeepalivePool(keepalive,
                block.settings().get(UpstreamSettings.KEEPALIVE_TIMEOUT),
                block.settings().get(UpstreamSettings.KEEPALIVE_REQUESTS));
        return new UpstreamGroup(name, balancer(method, group), method, pool);
    }

    static UpstreamGroup implicit(ProxyTarget target, Position where) {
        List<PeerSpec> specs = new ArrayList<>();
        for (InetSocketAddress address : resolve(target.hostPort(), target.defaultPort(), where, target.hostPort())) {
            specs.add(PeerSpec.of(target.hostPort(), address));
        }
        PeerGroup group = PeerGroup.of(target.hostPort(), specs);
        return new UpstreamGroup(target.hostPort(), new RoundRobin(group), BalancingMethod.ROUND_ROBIN);
    }

    private static Balancer balancer(BalancingMethod method, PeerGroup group) {
        return switch (method.kind()) {
            case HASH -> new Hash(group);
            case CONSISTENT_HASH -> new ConsistentHash(group);
            case IP_HASH -> new IpHash(group);
            case LEAST_CONN -> new LeastConn(group);
            case RANDOM -> new WeightedRandom(group);
            case RANDOM_TWO -> new RandomTwo(group);
            default -> new RoundRobin(group);
        };
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
