package dev.switchboard.upstream;

import java.util.BitSet;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The per-request state of one balancing decision and its retries: nginx's peer data
 * ({@code ngx_http_upstream_rr_peer_data_t} plus the method's own fields). Not thread-safe itself: one
 * request drives it from one event loop. Shared peer state is updated under the group's lock.
 *
 * <p>Use: {@link #next()} picks a peer (or returns {@code null}); once the attempt is over, exactly one
 * {@link #release(Peer, boolean)} for that peer, then possibly {@link #next()} again for a retry.
 *
 * <p>This class also holds what all methods share with nginx's round-robin module: the eligibility test,
 * smooth weighted round robin, the backup fallback, and failure accounting on release.
 */
public abstract class Selection {

    /**
     * nginx 1.22–1.27.2 fall back from {@code hash} and {@code ip_hash} to round robin when the group is
     * {@code single}; 1.27.3 changed the test to {@code number < 2}. We follow 1.22–1.26 (Debian 12 ships
     * 1.22.1). The two only differ for groups nginx cannot build with these methods (backups, or zero peers
     * after {@code resolve}), so this is documentation more than a switch.
     */
    static final boolean HASH_FALLBACK_WHEN_FEWER_THAN_TWO_PEERS = false;

    /** Attempts after which the hash methods give up hashing and use round robin for the request. */
    static final int MAX_HASH_TRIES = 20;

    private final PeerGroup primary;
    private final Object lock;
    private final SecondsClock clock;
    /** nginx's {@code rrp->peers}: the primary group, then the backup group once it was fallen back to. */
    PeerGroup current;
    /** nginx's {@code tried} bitmap, indexed by position in {@link #current}. */
    final BitSet tried = new BitSet();
    /** nginx's {@code pc->tries}. */
    private int triesLeft;
    private int picks;
    private Peer outstanding;

    Selection(PeerGroup group, int maxTries) {
        if (maxTries < 0) {
            throw new IllegalArgumentException("maxTries must not be negative: " + maxTries);
        }
        this.primary = Objects.requireNonNull(group, "group");
        this.lock = group.lock();
        this.clock = group.clock();
        this.current = group;
        int tries = group.tries() + (group.backupOrNull() == null ? 0 : group.backupOrNull().tries());
        // ngx_http_upstream_init_request: next_upstream_tries only ever lowers the budget
        this.triesLeft = maxTries != 0 && tries > maxTries ? maxTries : tries;
    }

    /**
     * Picks the next peer and counts a connection on it, or returns {@code null} when nothing is eligible
     * (nginx's {@code NGX_BUSY}: the client gets 502) or the attempts are used up. The first call always
     * tries to pick; later calls need attempts left ({@code proxy_next_upstream_tries}, by default the
     * number of non-down peers; a {@code single} group allows no retry).
     *
     * @throws IllegalStateException if the previous pick was not released
     */
    public final Peer next() {
        if (outstanding != null) {
            throw new IllegalStateException("release " + outstanding + " before picking again");
        }
        if (picks > 0 && triesLeft == 0) {
            return null;
        }
        if (current.number() == 0 && current.backupOrNull() == null) {
            // nginx 1.27.3: a group that resolve left empty answers busy (502)
            return null;
        }
        synchronized (lock) {
            Peer peer = pick(clock.nowSeconds());
            if (peer == null) {
                return null;
            }
            peer.conns++;
            peer.picks++;
            picks++;
            outstanding = peer;
            return peer;
        }
    }

    /**
     * Ends the attempt on {@code peer} (nginx's {@code free_peer}). A failure ({@code failed}: an error that
     * {@code proxy_next_upstream} counts, such as a refused connection or a timeout; not {@code http_404})
     * increments {@code fails} and lowers the effective weight; a success after a probe clears
     * {@code fails}. A {@code single} group only drops the connection count and allows no further attempt.
     *
     * @throws IllegalArgumentException if {@code peer} is not the one last returned by {@link #next()}
     */
    public final void release(Peer peer, boolean failed) {
        if (peer == null || peer != outstanding) {
            throw new IllegalArgumentException(peer + " is not the outstanding pick of this selection");
        }
        outstanding = null;
        synchronized (lock) {
            if (failed) {
                peer.failures++;
            }
            PeerGroup group = peer.isBackup() ? primary.backupOrNull() : primary;
            if (group.single()) {
                peer.conns--;
                triesLeft = 0;
                return;
            }
            if (failed) {
                long now = clock.nowSeconds();
                peer.fails++;
                peer.accessed = now;
                peer.checked = now;
                int maxFails = peer.spec().maxFails();
                if (maxFails != 0) {
                    peer.effectiveWeight = Math.max(0, peer.effectiveWeight - peer.weight() / maxFails);
                }
            } else if (peer.accessed < peer.checked) {
                peer.fails = 0;
            }
            peer.conns--;
        }
        if (triesLeft > 0) {
            triesLeft--;
        }
    }

    /**
     * nginx's {@code pc->tries}: how many attempts are left, counting the outstanding one. A release takes one
     * off; a {@code single} group has none left after its first release.
     */
    public final int triesLeft() {
        return triesLeft;
    }

    /**
     * One more attempt (nginx's {@code u->peer.tries++} after an error on a cached keepalive connection, which may
     * simply have gone stale). Even a {@code single} group then gets its retry.
     */
    public final void addTry() {
        triesLeft++;
    }

    /** How many peers this selection has picked so far. */
    public final int picks() {
        return picks;
    }

    /**
     * Whether the failure accounting of {@code peer}'s last release made it reach {@code max_fails}
     * (nginx logs "upstream server temporarily disabled" then). For the caller's log.
     */
    public final boolean temporarilyDisabled(Peer peer) {
        synchronized (lock) {
            return peer.failed(clock.nowSeconds());
        }
    }

    /** The method's pick, under the group lock; must mark the peer tried (see {@link #take}). */
    abstract Peer pick(long now);

    // ---- shared round-robin core ---------------------------------------------------------------

    /**
     * The eligibility test every method applies (in nginx's order), plus the verdict of active health checks: an
     * unhealthy peer is skipped like a {@code down} one, and the hash walks treat it as a miss. Without
     * {@code health_check} no peer is ever unhealthy, so nginx's behaviour is unchanged.
     */
    final boolean eligible(Peer p, long now) {
        return !tried.get(p.index()) && !p.down() && !p.unhealthy() && !p.failed(now) && !p.full();
    }

    /** Marks {@code p} tried and, once {@code fail_timeout} has passed, starts a new check window. */
    final Peer take(Peer p, long now) {
        tried.set(p.index());
        if (now - p.checked > p.spec().failTimeoutSeconds()) {
            p.checked = now;
        }
        return p;
    }

    /**
     * Smooth weighted round robin among the peers of {@code group} from position {@code from} on that
     * {@code accept} admits: every candidate gains its effective weight (which itself recovers by one
     * towards {@code weight}), the first with the strictly largest current weight wins and pays the total.
     * Returns the winner without marking it tried, or {@code null}.
     */
    static Peer smoothWeighted(PeerGroup group, int from, Predicate<Peer> accept) {
        Peer best = null;
        int total = 0;
        for (int i = from; i < group.number(); i++) {
            Peer p = group.peers().get(i);
            if (!accept.test(p)) {
                continue;
            }
            p.currentWeight += p.effectiveWeight;
            total += p.effectiveWeight;
            if (p.effectiveWeight < p.weight()) {
                p.effectiveWeight++;
            }
            if (best == null || p.currentWeight > best.currentWeight) {
                best = p;
            }
        }
        if (best != null) {
            best.currentWeight -= total;
        }
        return best;
    }

    /**
     * nginx's {@code get_round_robin_peer}: the current group, then once the backup group with a cleared
     * bitmap. The hash methods fall back to this too.
     */
    final Peer roundRobin(long now) {
        Peer peer = roundRobinIn(current, now);
        if (peer == null && current.backupOrNull() != null) {
            current = current.backupOrNull();
            tried.clear();
            peer = roundRobinIn(current, now);
        }
        return peer;
    }

    private Peer roundRobinIn(PeerGroup group, long now) {
        if (group.single()) {
            // nginx's short cut: no max_fails test, no tried mark, no check window (an active health check
            // still takes the only peer out, as nginx Plus answers 502 then)
            Peer only = group.peers().get(0);
            return only.down() || only.unhealthy() || only.full() ? null : only;
        }
        Peer best = smoothWeighted(group, 0, p -> eligible(p, now));
        return best == null ? null : take(best, now);
    }

    /** Whether {@code hash} and {@code ip_hash} must use round robin for this group. */
    final boolean hashFallsBackToRoundRobin() {
        return HASH_FALLBACK_WHEN_FEWER_THAN_TWO_PEERS ? current.number() < 2 : current.single();
    }

    /**
     * The peer owning weight slot {@code w} (0 ≤ w < total weight), walking weights in list order and
     * counting {@code down} peers, as plain hash and ip_hash do.
     */
    final Peer peerAtWeight(long w) {
        int i = 0;
        Peer peer = current.peers().get(0);
        while (w >= peer.weight()) {
            w -= peer.weight();
            peer = current.peers().get(++i);
        }
        return peer;
    }
}
