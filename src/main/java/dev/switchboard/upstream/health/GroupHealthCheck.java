package dev.switchboard.upstream.health;

import dev.switchboard.upstream.Peer;
import dev.switchboard.upstream.PeerGroup;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The active health checks of one upstream group: one scheduler on one event loop that, every {@code interval},
 * checks each peer that is not configured {@code down} (backups included) and is not still being checked from
 * the previous round. Each result moves the peer's {@link HealthState}, and the verdict goes to the peer, where the
 * balancers read it.
 *
 * <p>Peers start healthy, as in nginx Plus, unless the check is {@code mandatory}: then they start unhealthy and
 * take traffic only once {@code passes} checks in a row have passed.
 */
public final class GroupHealthCheck {

    private static final Logger log = LoggerFactory.getLogger(GroupHealthCheck.class);

    private final String upstream;
    private final HealthCheckSpec spec;
    private final List<Target> targets = new ArrayList<>();
    private volatile boolean stopped;
    private volatile ScheduledFuture<?> rounds;
    private EventLoop loop;
    private Class<? extends Channel> channelClass;

    /** One checked peer; touched only on the check's loop. */
    private static final class Target {
        final Peer peer;
        final HealthState state;
        boolean inFlight;

        Target(Peer peer, HealthState state) {
            this.peer = peer;
            this.state = state;
        }
    }

    /** Sets every checked peer to its starting verdict at once, so balancers see it before the first round. */
    public GroupHealthCheck(String upstream, PeerGroup group, HealthCheckSpec spec) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.spec = Objects.requireNonNull(spec, "spec");
        List<Peer> peers = new ArrayList<>(group.peers());
        group.backup().ifPresent(b -> peers.addAll(b.peers()));
        for (Peer p : peers) {
            if (p.spec().down()) {
                continue;
            }
            p.markHealth(!spec.mandatory());
            targets.add(new Target(p, new HealthState(spec.fails(), spec.passes(), !spec.mandatory())));
        }
    }

    public String upstream() {
        return upstream;
    }

    public HealthCheckSpec spec() {
        return spec;
    }

    /** Starts the rounds on {@code loop}, the first one at once. */
    public synchronized void start(EventLoop eventLoop, Class<? extends Channel> socketChannelClass) {
        if (rounds != null || stopped) {
            throw new IllegalStateException("health checks of upstream \"" + upstream + "\" already started");
        }
        this.loop = eventLoop;
        this.channelClass = socketChannelClass;
        this.rounds = eventLoop.scheduleAtFixedRate(this::round, 0, spec.intervalMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops scheduling; checks in flight end by themselves (bounded by the timeout) and their results are dropped. */
    public synchronized void stop() {
        stopped = true;
        if (rounds != null) {
            rounds.cancel(false);
        }
    }

    private void round() {
        for (Target t : targets) {
            if (stopped) {
                return;
            }
            if (t.inFlight) {
                continue;
            }
            t.inFlight = true;
            InetSocketAddress address = t.peer.address();
            if (spec.port() != 0) {
                address = new InetSocketAddress(address.getAddress(), spec.port());
            }
            PeerProbe.run(loop, channelClass, address, upstream, spec)
                    .addListener(f -> finished(t, (ProbeResult) f.getNow()));
        }
    }

    private void finished(Target t, ProbeResult result) {
        t.inFlight = false;
        if (stopped) {
            return;
        }
        boolean changed = t.state.record(result.passed());
        t.peer.recordHealthCheck(result.passed(), t.state.healthy());
        if (changed && !t.state.healthy()) {
            log.warn("upstream \"{}\" peer {} is unhealthy after {} failed check(s): {}", upstream, t.peer,
                    spec.fails(), result.reason());
        } else if (changed) {
            log.info("upstream \"{}\" peer {} is healthy after {} passed check(s)", upstream, t.peer, spec.passes());
        } else if (!result.passed()) {
            log.debug("upstream \"{}\" peer {} failed a health check: {}", upstream, t.peer, result.reason());
        }
    }
}
