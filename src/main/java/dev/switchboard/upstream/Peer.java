package dev.switchboard.upstream;

import java.net.InetSocketAddress;

/**
 * Runtime state of one peer: nginx's {@code ngx_http_upstream_rr_peer_t}. The mutable fields are guarded
 * by the owning group's lock and only touched by {@link Selection}.
 */
public final class Peer {

    private final PeerSpec spec;
    private final int index;
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
            return new PeerSnapshot(spec.server(), spec.address(), state, failedUntil, conns, picks, failures);
        }
    }

    @Override
    public String toString() {
        return spec.server() + (spec.server().equals(addressText()) ? "" : " (" + addressText() + ")");
    }

    private String addressText() {
        InetSocketAddress a = spec.address();
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
