package dev.switchboard.upstream;

/**
 * A balancing method bound to one {@link PeerGroup}, built at config load (nginx's {@code init_upstream}).
 * Implementations: {@link RoundRobin}, {@link LeastConn}, {@link IpHash}, {@link Hash},
 * {@link ConsistentHash}, {@link WeightedRandom}, {@link RandomTwo}.
 */
public interface Balancer {

    /** The group this balancer picks from. */
    PeerGroup group();

    /**
     * Starts the selection for one request (nginx's {@code init_peer}).
     *
     * @param key      what the hashing methods hash; ignored by the others
     * @param maxTries {@code proxy_next_upstream_tries}: at most this many peers are picked; 0 leaves the
     *                 limit at nginx's default, the number of non-{@code down} peers (backups included)
     */
    Selection select(SelectionKey key, int maxTries);

    /** {@link #select(SelectionKey, int)} without a tries limit. */
    default Selection select(SelectionKey key) {
        return select(key, 0);
    }

    /**
     * Whether {@code server ... backup} is allowed with this method. nginx rejects {@code backup} for
     * {@code hash}, {@code ip_hash} and {@code random} at config load; the config compiler checks this.
     */
    default boolean supportsBackup() {
        return true;
    }
}
