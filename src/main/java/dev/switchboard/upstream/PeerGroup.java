package dev.switchboard.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The peers of one {@code upstream} block: nginx's {@code ngx_http_upstream_rr_peers_t}. The primary group
 * lists the non-backup peers in config order (then resolver order); backup peers form a second group
 * reached through {@link #backup()}. Both share one lock and one clock.
 *
 * <p>The group is built once per configuration; a reload builds new groups, so counters restart. Within a
 * configuration, {@code server ... resolve} replaces the group with {@link #withPeers}, which shares the lock and
 * keeps the {@link Peer} objects (and so the counters) of unchanged peers. An upstream whose servers all use
 * {@code resolve} may be empty ({@link #resolvable}).
 */
public final class PeerGroup {

    private final String name;
    private final List<Peer> peers;
    private final PeerGroup backup;
    private final int totalWeight;
    private final int tries;
    private final boolean single;
    private final Object lock;
    private final SecondsClock clock;

    private PeerGroup(String name, List<PeerSpec> specs, PeerGroup backup, boolean isBackup, Object lock,
                      SecondsClock clock, List<Peer> reusable) {
        this.name = name;
        this.backup = backup;
        this.lock = lock;
        this.clock = clock;
        List<Peer> list = new ArrayList<>(specs.size());
        int weights = 0;
        int up = 0;
        List<Peer> pool = new ArrayList<>(reusable);
        for (PeerSpec spec : specs) {
            Peer kept = takeMatching(pool, spec);
            if (kept != null) {
                kept.reindex(list.size());
                list.add(kept);
            } else {
                list.add(new Peer(spec, list.size(), lock, clock));
            }
            weights += spec.weight();
            if (!spec.down()) {
                up++;
            }
        }
        this.peers = List.copyOf(list);
        this.totalWeight = weights;
        this.tries = up;
        // nginx: single = (n == 1) for the primary group, reset to 0 as soon as a backup group exists;
        // a backup group is never single
        this.single = peers.size() == 1 && backup == null && !isBackup;
    }

    /**
     * Builds the groups of one upstream from its peers in config order: specs marked {@code backup} go to
     * the backup group, the others to the primary group.
     *
     * @throws IllegalArgumentException if there is no primary peer ({@code no servers in upstream})
     */
    public static PeerGroup of(String name, List<PeerSpec> specs, SecondsClock clock) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clock, "clock");
        if (specs.stream().allMatch(PeerSpec::backup)) {
            throw new IllegalArgumentException("no servers in upstream \"" + name + "\"");
        }
        return build(name, specs, new Object(), clock, List.of());
    }

    /**
     * The groups of an upstream with {@code server ... resolve}: like {@link #of(String, List, SecondsClock)},
     * but the peer list may be empty (names not resolved yet, or resolved to nothing); selections then find no peer.
     */
    public static PeerGroup resolvable(String name, List<PeerSpec> specs, SecondsClock clock) {
        return build(Objects.requireNonNull(name, "name"), specs, new Object(), Objects.requireNonNull(clock), List.of());
    }

    /**
     * The group after the peer list changed (a {@code resolve}d name gained or lost addresses). It shares this
     * group's lock and clock, and a peer whose spec is unchanged is the same {@link Peer} object, so its state
     * (connections, failures, weights, health verdict) carries over; selections that started on this group finish
     * on it. Peers no longer listed keep living only as long as requests hold them.
     */
    public PeerGroup withPeers(List<PeerSpec> specs) {
        List<Peer> old = new ArrayList<>(peers);
        if (backup != null) {
            old.addAll(backup.peers);
        }
        synchronized (lock) {
            return build(name, specs, lock, clock, old);
        }
    }

    private static PeerGroup build(String name, List<PeerSpec> specs, Object lock, SecondsClock clock,
                                   List<Peer> reusable) {
        List<PeerSpec> primary = new ArrayList<>();
        List<PeerSpec> backups = new ArrayList<>();
        for (PeerSpec spec : specs) {
            (spec.backup() ? backups : primary).add(spec);
        }
        PeerGroup backupGroup = backups.isEmpty() ? null
                : new PeerGroup(name, backups, null, true, lock, clock, reusable);
        return new PeerGroup(name, primary, backupGroup, false, lock, clock, reusable);
    }

    private static Peer takeMatching(List<Peer> pool, PeerSpec spec) {
        for (int i = 0; i < pool.size(); i++) {
            if (pool.get(i).spec().equals(spec)) {
                return pool.remove(i);
            }
        }
        return null;
    }

    /** {@link #of(String, List, SecondsClock)} with {@link SecondsClock#system()}. */
    public static PeerGroup of(String name, List<PeerSpec> specs) {
        return of(name, specs, SecondsClock.system());
    }

    /** The upstream's name, for logs. */
    public String name() {
        return name;
    }

    /** Peers in config order; {@code down} ones included. */
    public List<Peer> peers() {
        return peers;
    }

    /** nginx's {@code number}: how many peers, {@code down} ones included. */
    public int number() {
        return peers.size();
    }

    /** Σ weight over the group's peers, {@code down} ones included (the hash balancers rely on this). */
    public int totalWeight() {
        return totalWeight;
    }

    /** nginx's {@code tries}: how many peers are not {@code down}. */
    public int tries() {
        return tries;
    }

    /**
     * Exactly one peer and no backup group. nginx short-cuts such a group: it never tracks failures,
     * ignores {@code max_fails}, and allows no retry.
     */
    public boolean single() {
        return single;
    }

    public Optional<PeerGroup> backup() {
        return Optional.ofNullable(backup);
    }

    /** Snapshots of the primary then the backup peers, taken under one lock. */
    public List<PeerSnapshot> snapshots() {
        synchronized (lock) {
            List<PeerSnapshot> out = new ArrayList<>();
            for (Peer p : peers) {
                out.add(p.snapshot());
            }
            if (backup != null) {
                for (Peer p : backup.peers) {
                    out.add(p.snapshot());
                }
            }
            return out;
        }
    }

    PeerGroup backupOrNull() {
        return backup;
    }

    Object lock() {
        return lock;
    }

    SecondsClock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "upstream " + name + " " + peers + (backup == null ? "" : " backup " + backup.peers);
    }
}
