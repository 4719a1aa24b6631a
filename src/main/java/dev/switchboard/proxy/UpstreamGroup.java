package dev.switchboard.proxy;

import dev.switchboard.upstream.BalancingMethod;
import dev.switchboard.upstream.Balancer;
import dev.switchboard.upstream.SelectionKey;
import dev.switchboard.vars.RequestContext;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A named upstream (or the implicit one of {@code proxy_pass host:port}) ready to pick peers: its current balancer,
 * the key its method hashes, and its pool of idle backend connections ({@code keepalive}), if any.
 *
 * <p>The balancer is held in an atomic reference: when {@code server ... resolve} changes the peers, a complete new
 * balancer (new peer group, and for {@code hash ... consistent} a new ring) replaces the old one in one step. A
 * request reads the reference once, when it starts, and keeps that balancer for its retries.
 */
public final class UpstreamGroup {

    private final String name;
    private final AtomicReference<Balancer> balancer;
    private final BalancingMethod method;
    private final KeepalivePool keepalive;

    public UpstreamGroup(String name, Balancer balancer, BalancingMethod method) {
        this(name, balancer, method, null);
    }

    /** @param keepalive the idle-connection cache of {@code keepalive N}, or null without it */
    public UpstreamGroup(String name, Balancer balancer, BalancingMethod method, KeepalivePool keepalive) {
        this.name = Objects.requireNonNull(name, "name");
        this.balancer = new AtomicReference<>(Objects.requireNonNull(balancer, "balancer"));
        this.method = Objects.requireNonNull(method, "method");
        this.keepalive = keepalive;
    }

    public String name() {
        return name;
    }

    /** The balancer in effect now. */
    public Balancer balancer() {
        return balancer.get();
    }

    /** Installs a balancer built over a changed peer set; requests already started keep theirs. */
    public void replaceBalancer(Balancer next) {
        balancer.set(Objects.requireNonNull(next, "balancer"));
    }

    public BalancingMethod method() {
        return method;
    }

    /** The idle-connection cache, or null when the upstream has no {@code keepalive}. */
    public KeepalivePool keepalive() {
        return keepalive;
    }

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

    @Override
    public String toString() {
        return "upstream " + name;
    }
}
