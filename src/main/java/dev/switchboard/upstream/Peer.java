package dev.switchboard.upstream;

import dev.switchboard.vars.AddressFormat;
import java.net.InetSocketAddress;

/**
 * Runtime state of one peer: nginx's {@code ngx_http_upstream_rr_peer_t}. The mutable fields are guarded
 * by the owning group's lock and only touched by {@link Selection}.
 */
public final class Peer {

    private final PeerSpec spec;
    /** Guarded by lock: a peer kept across a {@code resolve} update gets its position in the new group. */
    private int index;
    private final Object lock;
    private final SecondsClock clock;

    // guarded by lock
    int effectiveWeight;
    int currentWeight;
    int conns;
    int fails;
    long accessed;
    long checked;
    long picks;
    long failures;
    PeerSnapshot.Health health = PeerSnapshot.Health.UNCHECKED;
    long healthChecks;
    long healthCheckFailures;

    Peer(PeerSpec spec, int index, Object lock, SecondsClock clock) {
        this.spec = spec;
        this.index = index;
        this.lock = lock;
        this.clock = clock;
        this.effectiveWeight = spec.weight();
    }

    public PeerSpec spec() {
        return spec;
    }

    /** The config text of the {@code server} line this peer came from. */
    public String server() {
        return spec.server();
    }

    public InetSocketAddress address() {
        return spec.address();
    }

    public boolean isBackup() {
        return spec.backup();
    }

    /** Position in its group (primary or backup), the bit of nginx's {@code tried} bitmap. */
    int index() {
        return index;
    }

    void reindex(int position) {
        index = position;
    }

    Object lock() {
        return lock;
    }

    int weight() {
        return spec.weight();
    }

    boolean down() {
        return spec.down();
    }

    /** nginx: {@code max_fails && fails >= max_fails && now - checked <= fail_timeout}. */
    boolean failed(long now) {
        return spec.maxFails() != 0 && fails >= spec.maxFails() && now - checked <= spec.failTimeoutSeconds();
    }

    /** Whether an active health check ({@code health_check}) has marked the peer unhealthy. */
    boolean unhealthy() {
        return health == PeerSnapshot.Health.UNHEALTHY;
    }

    /**
     * Sets the health verdict of active health checks without counting a check: the initial state of a peer of an
     * upstream with {@code health_check} ({@code mandatory} starts it unhealthy). Takes the group's lock.
     */
    public void markHealth(boolean healthy) {
        synchronized (lock) {
            health = healthy ? PeerSnapshot.Health.HEALTHY : PeerSnapshot.Health.UNHEALTHY;
        }
    }

    /**
     * Records one finished active health check and the verdict it leads to (the checker decides it from the
     * consecutive {@code passes}/{@code fails}). Takes the group's lock; called off the hot path.
     */
    public void recordHealthCheck(boolean passed, boolean healthy) {
        synchronized (lock) {
            healthChecks++;
            if (!passed) {
                healthCheckFailures++;
            }
            health = healthy ? PeerSnapshot.Health.HEALTHY : PeerSnapshot.Health.UNHEALTHY;
        }
    }

    /** nginx: {@code max_conns && conns >= max_conns}. */
    boolean full() {
        return spec.maxConns() != 0 && conns >= spec.maxConns();
    }

    /** A consistent copy of the current state. */
    public PeerSnapshot snapshot() {
        synchronized (lock) {
            long now = clock.nowSeconds();
            PeerSnapshot.State state;
            long failedUntil = 0;
            if (spec.down()) {
                state = PeerSnapshot.State.DOWN;
            } else if (failed(now)) {
                state = PeerSnapshot.State.FAILED;
                failedUntil = checked + spec.failTimeoutSeconds();
            } else {
                state = PeerSnapshot.State.UP;
            }
            return new PeerSnapshot(spec.server(), spec.address(), state, failedUntil, conns, picks, failures, health,
                    healthChecks, healthCheckFailures);
        }
    }

    @Override
    public String toString() {
        String address = AddressFormat.withPort(spec.address());
        return spec.server() + (spec.server().equals(address) ? "" : " (" + address + ")");
    }
}
