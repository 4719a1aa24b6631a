package dev.switchboard.upstream;

/** Binds a {@link BalancingMethod} to a {@link PeerGroup}: at load, and again each time {@code resolve} changes it. */
public final class Balancers {

    private Balancers() {
    }

    /** A new balancer of {@code method} over {@code group} (for consistent hash, with its ring built now). */
    public static Balancer of(BalancingMethod method, PeerGroup group) {
        return switch (method.kind()) {
            case HASH -> new Hash(group);
            case CONSISTENT_HASH -> new ConsistentHash(group);
            case IP_HASH -> new IpHash(group);
            case LEAST_CONN -> new LeastConn(group);
            case RANDOM -> new WeightedRandom(group);
            case RANDOM_TWO -> new RandomTwo(group);
            default -> new RoundRobin(group);
        };
    }
}
