package dev.switchboard.upstream;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * nginx's {@code ip_hash}: {@code h} starts at 89 and mixes in each key byte as
 * {@code h = (h × 113 + b) mod 6271}; {@code h mod total_weight} walks the weights (down peers counted).
 * The key is the first three octets of an IPv4 client (a whole /24 maps together), all 16 bytes of an IPv6
 * one, three zero bytes otherwise. An ineligible candidate mixes the same bytes in again; after 20 such
 * attempts, or for a {@code single} group, round robin takes over for the request. The final {@code h} is
 * kept, so a retry continues from it.
 *
 * <p>An IPv4-mapped IPv6 client is hashed as IPv4 here, because Java reports it as an
 * {@link Inet4Address}; nginx on a dual-stack socket ({@code ipv6only=off}) would hash 16 bytes.
 */
public final class IpHash extends GroupBalancer {

    static final int INITIAL = 89;
    static final int MULTIPLIER = 113;
    static final int MODULUS = 6271;

    public IpHash(PeerGroup group) {
        super(group);
    }

    @Override
    public Selection select(SelectionKey key, int maxTries) {
        return new IpHashSelection(group, maxTries, keyBytes(key.clientAddress()));
    }

    @Override
    public boolean supportsBackup() {
        return false;
    }

    /** The bytes nginx hashes for a client address. */
    static byte[] keyBytes(InetAddress client) {
        if (client == null) {
            return new byte[3];
        }
        byte[] raw = client.getAddress();
        if (client instanceof Inet4Address) {
            return new byte[] {raw[0], raw[1], raw[2]};
        }
        return raw;
    }

    /** One round of mixing {@code bytes} into {@code h}. */
    static int mix(int h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h * MULTIPLIER + (b & 0xff)) % MODULUS;
        }
        return h;
    }

    private static final class IpHashSelection extends Selection {

        private final byte[] addr;
        private int hash = INITIAL;
        private int hashTries;

        IpHashSelection(PeerGroup group, int maxTries, byte[] addr) {
            super(group, maxTries);
            this.addr = addr;
        }

        @Override
        Peer pick(long now) {
            if (hashTries > MAX_HASH_TRIES || hashFallsBackToRoundRobin()) {
                return roundRobin(now);
            }
            int h = hash;
            Peer peer;
            for (;;) {
                h = mix(h, addr);
                peer = peerAtWeight(h % current.totalWeight());
                if (eligible(peer, now)) {
                    break;
                }
                if (++hashTries > MAX_HASH_TRIES) {
                    return roundRobin(now);
                }
            }
            hash = h;
            return take(peer, now);
        }
    }
}
