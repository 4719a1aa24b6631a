package dev.switchboard.upstream;

import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * nginx's {@code random two [least_conn]} (the "power of two choices"): each attempt draws two distinct eligible
 * peers at random by weight, as {@link WeightedRandom} does, and takes the one with fewer connections relative
 * to its weight ({@code conns/weight} by cross-multiplication); on a tie the second draw wins, as in nginx.
 * Every draw but the deciding second one (the first pick, the first peer again, an ineligible peer) costs one of
 * 20 draws per request, after which round robin
 * takes over, as it does for a {@code single} group. {@code least_conn} is the only (and default) way to choose.
 * {@code backup} is not allowed.
 */
public final class RandomTwo extends RandomBalancer {

    public RandomTwo(PeerGroup group) {
        this(group, new Random());
    }

    /** With an injected generator (seeded in tests); it is only used under the group's lock. */
    public RandomTwo(PeerGroup group, RandomGenerator random) {
        super(group, random);
    }

    @Override
    public Selection select(SelectionKey key, int maxTries) {
        return new TwoSelection(group, maxTries);
    }

    private final class TwoSelection extends Selection {

        private int draws;

        TwoSelection(PeerGroup group, int maxTries) {
            super(group, maxTries);
        }

        @Override
        Peer pick(long now) {
            if (draws > MAX_HASH_TRIES || hashFallsBackToRoundRobin()) {
                return roundRobin(now);
            }
            Peer first = null;
            for (;;) {
                Peer peer = current.peers().get(ranges.peek(random));
                if (peer != first && eligible(peer, now)) {
                    if (first != null) {
                        boolean firstIsLighter = (long) peer.conns * first.weight() > (long) first.conns * peer.weight();
                        return take(firstIsLighter ? first : peer, now);
                    }
                    first = peer;
                }
                // as in nginx, the first of the two draws counts too
                if (++draws > MAX_HASH_TRIES) {
                    return roundRobin(now);
                }
            }
        }
    }
}
