package dev.switchboard.upstream;

/**
 * nginx's default method: smooth weighted round robin (see {@link Selection#smoothWeighted}), falling back
 * to the backup group when no primary peer is eligible. Weights 5,1,1 give {@code a a b a c a a}.
 */
public final class RoundRobin extends GroupBalancer {

    public RoundRobin(PeerGroup group) {
        super(group);
    }

    @Override
    public Selection select(SelectionKey key, int maxTries) {
        return new RoundRobinSelection(group, maxTries);
    }

    private static final class RoundRobinSelection extends Selection {

        RoundRobinSelection(PeerGroup group, int maxTries) {
            super(group, maxTries);
        }

        @Override
        Peer pick(long now) {
            return roundRobin(now);
        }
    }
}
