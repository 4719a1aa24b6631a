package dev.switchboard.proxy;

import dev.switchboard.http.ContentHandler;
import dev.switchboard.http.Exchange;
import dev.switchboard.upstream.BalancingMethod;
import dev.switchboard.upstream.PeerGroup;
import dev.switchboard.upstream.PeerSpec;
import dev.switchboard.upstream.RoundRobin;
import dev.switchboard.vars.VariableStore;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The content handler of a location with {@code proxy_pass}: sets {@code $proxy_host}/{@code $proxy_port},
 * resolves a variable target to an upstream (by name) or a literal address, and starts a {@link ProxyCall}.
 */
public final class ProxyContent implements ContentHandler {

    private final ProxyLocation location;
    private final Map<String, UpstreamGroup> upstreams;
    private final ProxyVariables variables;

    public ProxyContent(ProxyLocation location, Map<String, UpstreamGroup> upstreams, ProxyVariables variables) {
        this.location = location;
        this.upstreams = upstreams;
        this.variables = variables;
    }

    @Override
    public void handle(Exchange exchange) {
        ProxyTarget target = location.target();
        UpstreamGroup group = location.upstream();
        if (target.dynamic() != null) {
            String url = target.dynamic().evaluate(exchange.request());
            target = DynamicTargets.parse(url);
            if (target == null) {
                exchange.respondStatus(500);
                return;
            }
            group = upstreams.get(target.hostPort());
            if (group == null) {
                group = DynamicTargets.literalGroup(target);
            }
            if (group == null) {
                org.slf4j.LoggerFactory.getLogger(ProxyContent.class).error(
                        "no resolver defined to resolve {}", target.host());
                exchange.respondStatus(502);
                return;
            }
        }
        VariableStore store = exchange.request().variables();
        store.set(variables.hostSlot(), target.proxyHost());
        store.set(variables.portSlot(), target.proxyPort());
        // nginx: a URL built from variables that carries a URI part is sent as is; otherwise the usual rule applies.
        boolean dynamicWithUri = location.target().dynamic() != null && target.uri() != null;
        String uri = dynamicWithUri ? target.uri()
                : UpstreamRequests.uri(target, location.prefix(), exchange.request());
        new ProxyCall(exchange, location, group, uri).start();
    }

    /** Parsing and literal-address groups for {@code proxy_pass} URLs built from variables. */
    static final class DynamicTargets {
        private DynamicTargets() {
        }

        static ProxyTarget parse(String url) {
            String lower = url.toLowerCase(java.util.Locale.ROOT);
            if (!lower.startsWith("http://")) {
                return null;
            }
            String rest = url.substring(7);
            int slash = rest.indexOf('/');
            String hostPort = slash < 0 ? rest : rest.substring(0, slash);
            String uri = slash < 0 ? null : rest.substring(slash);
            if (hostPort.isEmpty()) {
                return null;
            }
            String host = hostPort;
            int port = 80;
            boolean explicit = false;
            int colon = hostPort.lastIndexOf(':');
            if (colon > 0 && hostPort.indexOf(']') < colon) {
                try {
                    port = Integer.parseInt(hostPort.substring(colon + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
                host = hostPort.substring(0, colon);
                explicit = true;
            }
            return new ProxyTarget(false, hostPort, host, port, explicit, uri, null);
        }

        /** A one-peer group for a literal IP address; null for a host name (no resolver). */
        static UpstreamGroup literalGroup(ProxyTarget target) {
            String host = target.host();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (!isIpLiteral(host)) {
                return null;
            }
            try {
                InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), target.port());
                PeerGroup group = PeerGroup.of(target.hostPort(), List.of(PeerSpec.of(target.hostPort(), address)));
                return new UpstreamGroup(target.hostPort(), new RoundRobin(group), BalancingMethod.ROUND_ROBIN);
            } catch (java.net.UnknownHostException e) {
                return null;
            }
        }

        private static boolean isIpLiteral(String host) {
            return host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        }
    }
}
