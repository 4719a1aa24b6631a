package dev.switchboard.upstream;

import java.util.random.RandomGenerator;

/**
 * The cumulative weights of a group's peers, {@code down} ones included, and nginx's weighted random peek over
 * them ({@code ngx_http_upstream_peek_random_peer}): a random number below the total weight, then a binary
 * search for the peer whose range holds it. Built once per group; immutable.
 */
final class WeightRanges {

    private final int[] upTo;

    WeightRanges(PeerGroup group) {
        upTo = new int[group.number()];
        int total = 0;
        for (int i = 0; i < upTo.length; i++) {
            total += group.peers().get(i).weight();
            upTo[i] = total;
        }
    }

    /** The position of a peer picked at random with probability weight / total weight. */
    int peek(RandomGenerator random) {
        int x = random.nextInt(upTo[upTo.length - 1]);
        int i = 0;
        int j = upTo.length;
        while (j - i > 1) {
            int k = (i + j) >>> 1;
            if (x < upTo[k - 1]) {
                j = k;
            } else {
                i = k;
            }
        }
        return i;
    }
}
