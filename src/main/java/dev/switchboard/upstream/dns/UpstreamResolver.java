package dev.switchboard.upstream.dns;

import dev.switchboard.upstream.Balancer;
import dev.switchboard.upstream.Balancers;
import dev.switchboard.upstream.BalancingMethod;
import dev.switchboard.upstream.PeerGroup;
import dev.switchboard.upstream.PeerSpec;
import dev.switchboard.upstream.ServerLine;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps the peers of one upstream with {@code server NAME resolve} lines in step with DNS (nginx 1.27.3's
 * {@code ngx_http_upstream_zone_resolve_timer}). Each such name is looked up when the upstream starts, then again
 * when its answer expires: after {@code valid=} if the resolver has it, else after the smallest TTL (at least 1s).
 * An NXDOMAIN or empty answer removes the name's peers; a failed lookup (timeout, SERVFAIL, ...) keeps them and
 * retries after 5s (or {@code valid=} if shorter). A change of a name's address set builds the next peer group,
 * in config order and keeping unchanged peers with their state, and a new balancer over it, given to {@code sink}.
 *
 * <p>All lookups and rebuilds of one upstream run on one event loop, so they are serial.
 */
public final class UpstreamResolver {

    private static final Logger log = LoggerFactory.getLogger(UpstreamResolver.class);
    private static final long MIN_INTERVAL_MILLIS = 1_000;
    private static final long RETRY_MILLIS = 5_000;

    /**
     * One {@code server} line of the upstream, in config order.
     *
     * @param line  the line as written
     * @param fixed the peers of a line without {@code resolve} (resolved once at load); unused with it
     * @param host  the name to resolve for a {@code resolve} line, else null
     * @param port  the port of the {@code resolve} line's peers
     */
    public record Entry(ServerLine line, List<PeerSpec> fixed, String host, int port) {
        boolean resolved() {
            return host != null;
        }
    }

    /** The resolved state of one {@code resolve} entry; touched only on the loop. */
    private static final class Watched {
        final Entry entry;
        List<InetSocketAddress> addresses = List.of();
        ScheduledFuture<?> next;

        Watched(Entry entry) {
            this.entry = entry;
        }
    }

    private final String upstream;
    private final BalancingMethod method;
    private final ResolverSpec spec;
    private final long timeoutMillis;
    private final Consumer<Balancer> sink;
    private final List<Entry> entries;
    private final List<Watched> watched = new ArrayList<>();
    private volatile PeerGroup group;
    private volatile boolean stopped;
    private EventLoop loop;
    private NameLookup lookup;

    /**
     * @param initial the group in use before the first answer (the peers of the lines without {@code resolve})
     * @param sink    receives each new balancer (the upstream swaps its reference)
     */
    public UpstreamResolver(String upstream, BalancingMethod method, PeerGroup initial, List<Entry> entries,
                            ResolverSpec spec, long timeoutMillis, Consumer<Balancer> sink) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.method = Objects.requireNonNull(method, "method");
        this.group = Objects.requireNonNull(initial, "initial");
        this.entries = List.copyOf(entries);
        this.spec = Objects.requireNonNull(spec, "spec");
        this.timeoutMillis = timeoutMillis;
        this.sink = Objects.requireNonNull(sink, "sink");
        for (Entry e : this.entries) {
            if (e.resolved()) {
                watched.add(new Watched(e));
            }
        }
    }

    public String upstream() {
        return upstream;
    }

    /** Starts resolving on {@code eventLoop}, every name at once. Never blocks. */
    public synchronized void start(EventLoop eventLoop, Class<? extends DatagramChannel> channelType) {
        if (loop != null || stopped) {
            throw new IllegalStateException("resolver of upstream \"" + upstream + "\" already started");
        }
        loop = eventLoop;
        loop.execute(() -> {
            if (stopped) {
                return;
            }
            lookup = new NameLookup(loop, channelType, spec, timeoutMillis);
            watched.forEach(this::resolve);
        });
    }

    /** Stops resolving; the peers stay as they are. */
    public synchronized void stop() {
        stopped = true;
        if (loop != null) {
            loop.execute(() -> {
                watched.forEach(w -> {
                    if (w.next != null) {
                        w.next.cancel(false);
                    }
                });
                if (lookup != null) {
                    lookup.close();
                }
            });
        }
    }

    /** The addresses of the current peers (for a reload, whose drain must not treat them as removed). */
    public Set<InetSocketAddress> currentAddresses() {
        Set<InetSocketAddress> out = new HashSet<>();
        PeerGroup g = group;
        g.peers().forEach(p -> out.add(p.address()));
        g.backup().ifPresent(b -> b.peers().forEach(p -> out.add(p.address())));
        return out;
    }

    private void resolve(Watched w) {
        if (stopped) {
            return;
        }
        lookup.lookup(w.entry.host()).addListener(f -> answered(w, (DnsAnswer) f.getNow()));
    }

    private void answered(Watched w, DnsAnswer answer) {
        if (stopped) {
            return;
        }
        long delay;
        if (answer.failed()) {
            log.error("upstream \"{}\": could not resolve {} ({}); keeping {} address(es)", upstream,
                    w.entry.host(), answer.error(), w.addresses.size());
            delay = spec.validMillis() > 0 ? Math.min(spec.validMillis(), RETRY_MILLIS) : RETRY_MILLIS;
        } else {
            List<InetSocketAddress> next = new ArrayList<>();
            for (InetAddress a : answer.addresses()) {
                next.add(new InetSocketAddress(a, w.entry.port()));
            }
            if (!new LinkedHashSet<>(next).equals(new LinkedHashSet<>(w.addresses))) {
                log.info("upstream \"{}\": {} now resolves to {} (was {})", upstream, w.entry.host(), next,
                        w.addresses);
                w.addresses = List.copyOf(new LinkedHashSet<>(next));
                rebuild();
            }
            delay = spec.validMillis() > 0 ? spec.validMillis()
                    : Math.max(MIN_INTERVAL_MILLIS, TimeUnit.SECONDS.toMillis(answer.ttlSeconds()));
        }
        w.next = loop.schedule(() -> resolve(w), delay, TimeUnit.MILLISECONDS);
    }

    /** The next peer group and balancer, from every line in config order. */
    private void rebuild() {
        List<PeerSpec> specs = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.resolved()) {
                specs.addAll(e.fixed());
                continue;
            }
            for (Watched w : watched) {
                if (w.entry == e) {
                    ServerLine l = e.line();
                    for (InetSocketAddress a : w.addresses) {
                        specs.add(new PeerSpec(l.address(), a, l.weight(), l.maxFails(), l.failTimeoutSeconds(),
                                l.maxConns(), l.backup(), l.down()));
                    }
                }
            }
        }
        PeerGroup next = group.withPeers(specs);
        group = next;
        sink.accept(Balancers.of(method, next));
    }
}
