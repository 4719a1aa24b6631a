package dev.switchboard.upstream;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What nginx's random module shares between {@code random} and {@code random two}: the weighted draw over the group,
 * the injected generator (used only under the group's lock), and the refusal of {@code backup}. Subclasses decide
 * how a request's attempt turns draws into a pick.
 */
abstract class RandomBalancer extends GroupBalancer {

    final WeightRanges ranges;
    final RandomGenerator random;

    RandomBalancer(PeerGroup group, RandomGenerator random) {
        super(group);
        this.ranges = new WeightRanges(group);
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public final boolean supportsBackup() {
        return false;
    }
}
