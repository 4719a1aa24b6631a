package dev.switchboard.upstream;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * nginx's {@code hash $key} (not consistent), compatible with Cache::Memcached: each attempt adds
 * {@code (crc32(REHASH ‖ key) >> 16) & 0x7fff} to a running 32-bit value, where {@code REHASH} is the
 * decimal attempt counter, omitted on the first attempt; the value modulo the total weight walks the
 * weights in list order (down peers counted). An ineligible candidate costs one of 20 attempts, after which
 * round robin takes over for the request, as it does for an empty key or a {@code single} group. The running
 * value and counter persist across retries of the request.
 */
public final class Hash extends GroupBalancer {

    public Hash(PeerGroup group) {
        super(group);
    }

    @Override
    public Selection select(SelectionKey key, int maxTries) {
        return new HashSelection(group, maxTries, key.hashKeyBytes());
    }

    @Override
    public boolean supportsBackup() {
        return false;
    }

    /** The increment of attempt {@code rehash} (0 for the first): {@code (crc32([rehash] key) >> 16) & 0x7fff}. */
    static long increment(int rehash, byte[] key) {
        CRC32 crc = new CRC32();
        if (rehash > 0) {
            crc.update(Integer.toString(rehash).getBytes(StandardCharsets.US_ASCII));
        }
        crc.update(key);
        return (crc.getValue() >>> 16) & 0x7fff;
    }

    private static final class HashSelection extends Selection {

        private final byte[] key;
        /** nginx's {@code uint32_t hash}. */
        private long hash;
        private int rehash;
        private int hashTries;

        HashSelection(PeerGroup group, int maxTries, byte[] key) {
            super(group, maxTries);
            this.key = key;
        }

        @Override
        Peer pick(long now) {
            if (hashTries > MAX_HASH_TRIES || hashFallsBackToRoundRobin() || key.length == 0) {
                return roundRobin(now);
            }
            Peer peer;
            for (;;) {
                hash = (hash + increment(rehash, key)) & 0xffffffffL;
                rehash++;
                peer = peerAtWeight(hash % current.totalWeight());
                if (eligible(peer, now)) {
                    break;
                }
                if (++hashTries > MAX_HASH_TRIES) {
                    return roundRobin(now);
                }
            }
            return take(peer, now);
        }
    }
}
