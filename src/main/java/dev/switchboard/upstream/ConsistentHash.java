package dev.switchboard.upstream;

import java.util.zip.CRC32;

/**
 * nginx's {@code hash $key consistent} (ketama). The ring ({@link KetamaRing}) is built once, here; a
 * request starts at the first point ≥ {@code crc32(key)} and takes that point's {@code server} text. Among
 * the eligible peers with that text (the addresses of one name) it picks by smooth weighted round robin;
 * if none qualifies it moves one point clockwise, up to 20 times, then round robin over the whole group
 * takes over for the request. Round robin is also used for an empty key or a {@code single} group.
 *
 * <p>The ring position and attempt count persist across retries, so a retry first tries the other
 * addresses of the same name, then moves clockwise. {@code down} peers keep their points: marking a server
 * down moves only its own keys, each to the next eligible point clockwise.
 */
public final class ConsistentHash extends GroupBalancer {

    private final KetamaRing ring;

    public ConsistentHash(PeerGroup group) {
        super(group);
        this.ring = new KetamaRing(group.peers());
    }

    @Override
    public Selection select(SelectionKey key, int maxTries) {
        byte[] bytes = key.hashKeyBytes();
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return new ConsistentHashSelection(group, maxTries, bytes.length == 0, ring, ring.find(crc.getValue()));
    }

    KetamaRing ring() {
        return ring;
    }

    private static final class ConsistentHashSelection extends Selection {

        private final boolean emptyKey;
        private final KetamaRing ring;
        /** nginx's {@code uint32_t hash}: here the ring index, advanced on each miss. */
        private long point;
        private int hashTries;

        ConsistentHashSelection(PeerGroup group, int maxTries, boolean emptyKey, KetamaRing ring, int point) {
            super(group, maxTries);
            this.emptyKey = emptyKey;
            this.ring = ring;
            this.point = point;
        }

        @Override
        Peer pick(long now) {
            if (hashTries > MAX_HASH_TRIES || current.single() || emptyKey) {
                return roundRobin(now);
            }
            for (;;) {
                String server = ring.serverAt((int) (point % ring.size()));
                Peer best = smoothWeighted(current, 0, p -> eligible(p, now) && p.server().equals(server));
                if (best != null) {
                    return take(best, now);
                }
                point = (point + 1) & 0xffffffffL;
                if (++hashTries > MAX_HASH_TRIES) {
                    return roundRobin(now);
                }
            }
        }
    }
}
