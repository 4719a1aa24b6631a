package dev.switchboard.upstream;

import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * nginx's {@code random} (ngx_http_upstream_random_module without {@code two}): each attempt picks a peer at
 * random with probability weight / total weight ({@code down} peers keep their share of the range). A tried,
 * down, failed or full pick is drawn again; after 20 such draws within the request, and for a {@code single}
 * group, round robin takes over. The draw counter persists across the request's retries. {@code backup} is not
 * allowed.
 */
public final class WeightedRandom extends RandomBalancer {

    public WeightedRandom(PeerGroup group) {
        this(group, new Random());
    }

    /** With an injected generator (seeded in tests); it is only used under the group's lock. */
    public WeightedRandom(PeerGroup group, RandomGenerator random) {
        super(group, random);
    }

    @Override
    public Selection select(SelectionKey key, int maxTries) {
        return new RandomSelection(group, maxTries);
    }

    private final class RandomSelection extends Selection {

        /** nginx's {@code rp->tries}: draws that hit an ineligible peer. */
        private int draws;

        RandomSelection(PeerGroup group, int maxTries) {
            super(group, maxTries);
        }

        @Override
        Peer pick(long now) {
            if (draws > MAX_HASH_TRIES || hashFallsBackToRoundRobin()) {
                return roundRobin(now);
            }
            for (;;) {
                Peer peer = current.peers().get(ranges.peek(random));
                if (eligible(peer, now)) {
                    return take(peer, now);
                }
                if (++draws > MAX_HASH_TRIES) {
                    return roundRobin(now);
                }
            }
        }
    }
}
