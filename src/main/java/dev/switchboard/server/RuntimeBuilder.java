package dev.switchboard.server;

import dev.switchboard.config.CompileContext;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Context;
import dev.switchboard.config.Position;
import dev.switchboard.config.RawText;
import dev.switchboard.config.model.ConfigBlock;
import dev.switchboard.config.model.Settings;
import dev.switchboard.http.HttpLocation;
import dev.switchboard.http.HttpSettings;
import dev.switchboard.http.Listen;
import dev.switchboard.http.StaticContent;
import dev.switchboard.proxy.ProxyContent;
import dev.switchboard.proxy.ProxyLocation;
import dev.switchboard.proxy.ProxySettings;
import dev.switchboard.proxy.ProxyTarget;
import dev.switchboard.proxy.ProxyVariables;
import dev.switchboard.proxy.UpstreamGroup;
import dev.switchboard.proxy.UpstreamTls;
import dev.switchboard.routing.LocationMatcher;
import dev.switchboard.routing.LocationRule;
import dev.switchboard.routing.RoutingException;
import dev.switchboard.routing.ServerNameEntry;
import dev.switchboard.routing.ServerNameMatch;
import dev.switchboard.routing.ServerNameMatcher;
import dev.switchboard.routing.ServerNameWarning;
import dev.switchboard.tls.BackendTls;
import dev.switchboard.tls.ServerContexts;
import dev.switchboard.tls.ServerTls;
import dev.switchboard.tls.TlsListener;
import dev.switchboard.upstream.health.HealthChecks;
import dev.switchboard.vars.VariableRegistry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Runtime} from a compiled configuration tree: upstream groups with resolved peers, one
 * {@link VirtualServer} per server block (its levels, location matcher and content handlers), and the virtual-host
 * tables per listen address. Errors that only show at this stage (an unknown host, a duplicate default server, a
 * location nested wrongly) still carry file:line:col.
 */
final class RuntimeBuilder {

    private final CompileContext context;
    private final VariableRegistry variables;
    private final ProxyVariables proxyVariables;
    private final Map<String, UpstreamGroup> upstreams;
    private final HealthChecks healthChecks;
    private final List<dev.switchboard.upstream.dns.UpstreamResolver> resolvers = new ArrayList<>();
    private final Map<String, UpstreamGroup> implicitUpstreams = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<VirtualServer, TlsListener.ServerTlsContext> serverTls = new IdentityHashMap<>();

    RuntimeBuilder(CompileContext context, VariableRegistry variables, ProxyVariables proxyVariables) {
        this.context = context;
        this.variables = variables;
        this.proxyVariables = proxyVariables;
        this.upstreams = UpstreamGroups.build(context, resolvers);
        this.healthChecks = UpstreamGroups.healthChecks(context, upstreams);
    }

    Runtime build(ConfigBlock main) {
        Settings mainSettings = main.settings();
        int loops = mainSettings.get(MainSettings.WORKER_PROCESSES);
        if (loops == 0) {
            loops = java.lang.Runtime.getRuntime().availableProcessors();
        }
        ConfigBlock http = main.child(Context.HTTP);
        List<VirtualHosts> addresses = new ArrayList<>();
        if (http != null) {
            Map<String, List<ServerOnAddress>> byAddress = new LinkedHashMap<>();
            for (ConfigBlock serverBlock : http.children(Context.SERVER)) {
                VirtualServer server = buildServer(serverBlock);
                List<Listen> listens = serverBlock.settings().get(HttpSettings.LISTEN);
                if (listens.isEmpty()) {
                    listens = List.of(new Listen(null, 80, false, Listen.DEFAULT_BACKLOG, false, false,
                            serverBlock.directive().position()));
                }
                for (Listen listen : listens) {
                    byAddress.computeIfAbsent(addressKey(listen), k -> new ArrayList<>())
                            .add(new ServerOnAddress(server, listen, serverBlock));
                }
            }
            for (List<ServerOnAddress> servers : byAddress.values()) {
                addresses.add(hostsFor(servers));
            }
        }
        warnings.addAll(context.warnings());
        long drainTimeout = http == null ? dev.switchboard.websocket.WebSocketSettings.DRAIN_TIMEOUT.defaultValue()
                : http.settings().get(dev.switchboard.websocket.WebSocketSettings.DRAIN_TIMEOUT);
        return new Runtime(List.copyOf(addresses), Map.copyOf(upstreams), livePeers(), drainTimeout,
                variables.slotCount(), loops,
                mainSettings.get(MainSettings.WORKER_CONNECTIONS), mainSettings.get(MainSettings.PID),
                List.copyOf(warnings), healthChecks,
                dev.switchboard.observe.ObserveDirectives.defaultAccessLog(context),
                mainSettings.get(dev.switchboard.observe.ObserveSettings.ERROR_LOG),
                resolvers.isEmpty() ? dev.switchboard.upstream.dns.Resolvers.NONE
                        : new dev.switchboard.upstream.dns.Resolvers(resolvers));
    }

    /** Addresses of every peer not marked down, in named and implicit upstreams. */
    private java.util.Set<java.net.InetSocketAddress> livePeers() {
        java.util.Set<java.net.InetSocketAddress> live = new java.util.HashSet<>();
        List<UpstreamGroup> all = new ArrayList<>(upstreams.values());
        all.addAll(implicitUpstreams.values());
        for (UpstreamGroup group : all) {
            dev.switchboard.upstream.PeerGroup peers = group.balancer().group();
            peers.peers().stream().filter(p -> !p.spec().down()).forEach(p -> live.add(p.address()));
            peers.backup().ifPresent(b -> b.peers().stream().filter(p -> !p.spec().down())
                    .forEach(p -> live.add(p.address())));
        }
        return java.util.Set.copyOf(live);
    }

    private record ServerOnAddress(VirtualServer server, Listen listen, ConfigBlock block) {
    }

    private static String addressKey(Listen listen) {
        return (listen.host() == null ? "*" : listen.host()) + ":" + listen.port();
    }

    private VirtualHosts hostsFor(List<ServerOnAddress> servers) {
        Listen first = servers.get(0).listen();
        InetAddress address = null;
        if (first.host() != null) {
            try {
                address = InetAddress.getByName(first.host());
            } catch (UnknownHostException e) {
                throw new ConfigException("host not found in \"" + first.label() + "\" of the \"listen\" directive",
                        first.position());
            }
        }
        VirtualServer defaultServer = null;
        List<ServerNameEntry<VirtualServer>> entries = new ArrayList<>();
        for (ServerOnAddress s : servers) {
            if (s.listen().defaultServer()) {
                if (defaultServer != null) {
                    throw new ConfigException("a duplicate default server for " + s.listen().label(),
                            s.listen().position());
                }
                defaultServer = s.server();
            }
            for (String name : s.server().names()) {
                entries.add(new ServerNameEntry<>(name, s.server()));
            }
        }
        if (defaultServer == null) {
            defaultServer = servers.get(0).server();
        }
        ServerNameMatcher<VirtualServer> matcher;
        try {
            matcher = ServerNameMatcher.build(entries);
        } catch (RoutingException e) {
            throw new ConfigException(e.getMessage(), first.position());
        }
        for (ServerNameWarning<VirtualServer> w : matcher.warnings()) {
            warnings.add(RawText.toUnicode(w.message()) + " on " + first.label() + ", ignored");
        }
        int backlog = servers.stream().mapToInt(s -> s.listen().backlog()).max().orElse(Listen.DEFAULT_BACKLOG);
        return new VirtualHosts(address, first.port(), backlog, matcher, defaultServer,
                tlsListener(servers, matcher, defaultServer));
    }

    /**
     * TLS for an address where any listen directive says {@code ssl} (the parameter belongs to the socket, as in
     * nginx): every server block reachable there needs its certificate, and SNI picks among them by server_name.
     */
    private TlsListener tlsListener(List<ServerOnAddress> servers, ServerNameMatcher<VirtualServer> matcher,
                                    VirtualServer defaultServer) {
        Listen sslListen = servers.stream().map(ServerOnAddress::listen).filter(Listen::ssl).findFirst().orElse(null);
        if (sslListen == null) {
            return null;
        }
        Map<VirtualServer, TlsListener.ServerTlsContext> contexts = new IdentityHashMap<>();
        for (ServerOnAddress s : servers) {
            Position where = s.listen().ssl() ? s.listen().position() : sslListen.position();
            contexts.put(s.server(), serverTls.computeIfAbsent(s.server(), v -> {
                ServerTls settings = ServerTls.load(s.block().settings(), context.confPrefix(), where, v.names(),
                        warnings);
                return new TlsListener.ServerTlsContext(ServerContexts.build(settings, warnings), settings);
            }));
        }
        return new TlsListener(name -> {
            ServerNameMatch<VirtualServer> hit = name == null ? null : matcher.match(name);
            return contexts.get(hit != null ? hit.target() : defaultServer);
        });
    }

    private VirtualServer buildServer(ConfigBlock serverBlock) {
        Map<ConfigBlock, LocationConf> levels = new IdentityHashMap<>();
        LocationConf serverLevel = level(serverBlock, null, levels);
        Map<LocationRule<LocationConf>, ConfigBlock> origins = new IdentityHashMap<>();
        List<LocationRule<LocationConf>> rules = rules(serverBlock, levels, origins);
        LocationMatcher<LocationConf> matcher;
        try {
            matcher = LocationMatcher.build(rules, conf -> conf.content() instanceof ProxyContent);
        } catch (RoutingException e) {
            ConfigBlock block = e.rule() == null ? serverBlock : origins.getOrDefault(e.rule(), serverBlock);
            throw new ConfigException(e.getMessage(), block.directive().position());
        }
        Settings s = serverBlock.settings();
        HttpSettings.HeaderBuffers buffers = s.get(HttpSettings.LARGE_CLIENT_HEADER_BUFFERS);
        return new VirtualServer(s.get(HttpSettings.SERVER_NAMES), serverLevel, matcher, Map.copyOf(levels),
                s.get(HttpSettings.CLIENT_HEADER_TIMEOUT), (int) buffers.size(),
                (int) Math.min(Integer.MAX_VALUE, buffers.size() * buffers.number()));
    }

    private List<LocationRule<LocationConf>> rules(ConfigBlock parent, Map<ConfigBlock, LocationConf> levels,
                                                   Map<LocationRule<LocationConf>, ConfigBlock> origins) {
        List<LocationRule<LocationConf>> rules = new ArrayList<>();
        for (ConfigBlock child : parent.children()) {
            if (child.context() == Context.SERVER_IF || child.context() == Context.LOCATION_IF) {
                level(child, prefixFor(parent), levels);
                continue;
            }
            if (child.context() != Context.LOCATION) {
                continue;
            }
            HttpSettings.LocationPattern pattern = child.settings().get(HttpSettings.LOCATION);
            LocationConf conf = level(child, HttpLocation.prefixOf(child), levels);
            LocationRule<LocationConf> rule = new LocationRule<>(pattern.modifier(), pattern.pattern(), conf,
                    rules(child, levels, origins));
            origins.put(rule, child);
            rules.add(rule);
        }
        return rules;
    }

    private static String prefixFor(ConfigBlock block) {
        return block.context() == Context.LOCATION ? HttpLocation.prefixOf(block) : null;
    }

    private LocationConf level(ConfigBlock block, String prefix, Map<ConfigBlock, LocationConf> levels) {
        HttpLocation http = HttpLocation.of(block, prefix);
        LocationConf conf;
        if (block.settings().isSet(ProxySettings.PASS)) {
            ProxyTarget target = block.settings().get(ProxySettings.PASS);
            UpstreamGroup implicit = target.dynamic() == null && !upstreams.containsKey(target.hostPort())
                    ? implicitUpstream(target, block) : null;
            UpstreamTls tls = target.https() ? BackendTls.of(block.settings(), context.confPrefix(),
                    findPassPosition(block), block.settings().get(ProxySettings.CONNECT_TIMEOUT)) : null;
            ProxyLocation proxy = ProxyLocation.of(block.settings(), prefix, upstreams, implicit, variables, tls);
            conf = new LocationConf(http, new ProxyContent(proxy, upstreams, proxyVariables));
        } else if (block.settings().hasOwn(dev.switchboard.observe.ObserveSettings.ENDPOINT)) {
            conf = new LocationConf(http, new dev.switchboard.observe.ObserveContent(
                    block.settings().get(dev.switchboard.observe.ObserveSettings.ENDPOINT)));
        } else {
            conf = new LocationConf(http, new StaticContent(context.prefix()));
        }
        levels.put(block, conf);
        return conf;
    }

    private UpstreamGroup implicitUpstream(ProxyTarget target, ConfigBlock block) {
        return implicitUpstreams.computeIfAbsent(target.hostPort(), k ->
                UpstreamGroups.implicit(target, findPassPosition(block)));
    }

    private static Position findPassPosition(ConfigBlock block) {
        for (ConfigBlock b = block; b != null; b = b.parent()) {
            if (b.directive() != null) {
                return b.directive().position();
            }
        }
        return null;
    }
}
