package dev.switchboard.upstream;

/**
 * nginx's {@code least_conn}: the eligible peer with the fewest connections relative to its weight
 * ({@code conns/weight}, compared by cross-multiplication); ties go to smooth weighted round robin among the
 * tied peers, starting from the first of them. Falls back to the backup group like round robin.
 *
 * <p>Connections are counted per {@link PeerGroup}, i.e. across all event loops, like nginx with a
 * {@code zone} (without one, nginx counts per worker process).
 */
public final class LeastConn extends GroupBalancer {

    public LeastConn(PeerGroup group) {
        super(group);
    }

    @Override
    public Selection select(SelectionKey key, int maxTries) {
        return new LeastConnSelection(group, maxTries);
    }

    private static final class LeastConnSelection extends Selection {

        LeastConnSelection(PeerGroup group, int maxTries) {
            super(group, maxTries);
        }

        @Override
        Peer pick(long now) {
            Peer peer = leastIn(current, now);
            if (peer == null && current.backupOrNull() != null) {
                current = current.backupOrNull();
                tried.clear();
                peer = leastIn(current, now);
            }
            return peer;
        }

        private Peer leastIn(PeerGroup group, long now) {
            Peer best = null;
            boolean many = false;
            for (Peer p : group.peers()) {
                if (!eligible(p, now)) {
                    continue;
                }
                if (best == null || (long) p.conns * best.weight() < (long) best.conns * p.weight()) {
                    best = p;
                    many = false;
                } else if ((long) p.conns * best.weight() == (long) best.conns * p.weight()) {
                    many = true;
                }
            }
            if (best == null) {
                return null;
            }
            if (many) {
                Peer first = best;
                best = smoothWeighted(group, first.index(), p -> eligible(p, now)
                        && (long) p.conns * first.weight() == (long) first.conns * p.weight());
            }
            return take(best, now);
        }
    }
}
