package dev.switchboard.proxy;

import dev.switchboard.upstream.BalancingMethod;
import dev.switchboard.upstream.Balancer;
import dev.switchboard.upstream.SelectionKey;
import dev.switchboard.vars.RequestContext;

import java.net.InetSocketAddress;

/**
 * A named upstream (or the implicit one of {@code proxy_pass host:port}) ready to pick peers: its balancer and the
 * key its method hashes.
 */
public record UpstreamGroup(String name, Balancer balancer, BalancingMethod method) {

    /** The selection key for a request: the evaluated hash key, or the client address for ip_hash. */
    public SelectionKey keyFor(RequestContext request) {
        return switch (method.kind()) {
            case HASH, CONSISTENT_HASH -> SelectionKey.ofHashKey(method.key().evaluate(request));
            case IP_HASH -> {
                InetSocketAddress remote = request.remoteAddress();
                yield SelectionKey.ofClient(remote == null ? null : remote.getAddress());
            }
            default -> SelectionKey.none();
        };
    }
}
