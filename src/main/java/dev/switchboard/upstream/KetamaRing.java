package dev.switchboard.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The consistent-hash ring of {@code hash $key consistent}, built as nginx's {@code init_chash} does
 * (compatible with Cache::Memcached::Fast, {@code ketama_points=160}).
 *
 * <p>Every peer, {@code down} ones included, contributes {@code weight × 160} points computed from its
 * {@code server} text split into host and port: {@code point_j = crc32(host ‖ 0x00 ‖ port ‖ LE32(point_j−1))}
 * with {@code point_−1 = 0}. Points are sorted as unsigned 32-bit values and a point equal to the one kept
 * before it is dropped, so addresses sharing a {@code server} text share one set of points.
 *
 * <p>Where two different servers produce the same value, nginx keeps whichever its unstable {@code qsort}
 * leaves first; we keep the one listed first. Such collisions are rare (about 1 in 2^32 per pair of points).
 */
final class KetamaRing {

    static final int POINTS_PER_WEIGHT = 160;

    private final int[] hashes;
    private final String[] servers;

    KetamaRing(List<Peer> peers) {
        int total = 0;
        for (Peer p : peers) {
            total += p.weight() * POINTS_PER_WEIGHT;
        }
        // unsigned hash in the high bits, peer position in the low 31 bits: one sort orders both
        long[] packed = new long[total];
        int n = 0;
        for (int i = 0; i < peers.size(); i++) {
            Peer peer = peers.get(i);
            for (long point : points(peer.server(), peer.weight() * POINTS_PER_WEIGHT)) {
                packed[n++] = point << 31 | i;
            }
        }
        Arrays.sort(packed);
        int[] h = new int[total];
        String[] s = new String[total];
        int kept = 0;
        for (long entry : packed) {
            long hash = entry >>> 31;
            if (kept > 0 && Integer.toUnsignedLong(h[kept - 1]) == hash) {
                continue;
            }
            h[kept] = (int) hash;
            s[kept] = peers.get((int) (entry & Integer.MAX_VALUE)).server();
            kept++;
        }
        this.hashes = Arrays.copyOf(h, kept);
        this.servers = Arrays.copyOf(s, kept);
    }

    /**
     * Splits a {@code server} text as nginx does: {@code unix:} (any case) leaves the path as host and no
     * port; otherwise a trailing run of digits (possibly empty) preceded by {@code :} is the port; anything
     * else is all host. Returns {@code {host, port}}.
     */
    static String[] split(String server) {
        if (server.length() >= 5 && server.regionMatches(true, 0, "unix:", 0, 5)) {
            return new String[] {server.substring(5), ""};
        }
        for (int j = server.length() - 1; j >= 0; j--) {
            char c = server.charAt(j);
            if (c == ':') {
                return new String[] {server.substring(0, j), server.substring(j + 1)};
            }
            if (c < '0' || c > '9') {
                break;
            }
        }
        return new String[] {server, ""};
    }

    /** The first {@code count} points of a server, in generation order, as unsigned values. */
    static long[] points(String server, int count) {
        String[] hostPort = split(server);
        byte[] host = hostPort[0].getBytes(StandardCharsets.ISO_8859_1);
        byte[] port = hostPort[1].getBytes(StandardCharsets.ISO_8859_1);
        byte[] base = new byte[host.length + 1 + port.length];
        System.arraycopy(host, 0, base, 0, host.length);
        System.arraycopy(port, 0, base, host.length + 1, port.length);
        byte[] prev = new byte[4];
        long[] out = new long[count];
        CRC32 crc = new CRC32();
        for (int j = 0; j < count; j++) {
            crc.reset();
            crc.update(base);
            crc.update(prev);
            long point = crc.getValue();
            out[j] = point;
            // the previous point is fed little-endian on every platform
            prev[0] = (byte) point;
            prev[1] = (byte) (point >>> 8);
            prev[2] = (byte) (point >>> 16);
            prev[3] = (byte) (point >>> 24);
        }
        return out;
    }

    int size() {
        return hashes.length;
    }

    long hashAt(int index) {
        return Integer.toUnsignedLong(hashes[index]);
    }

    String serverAt(int index) {
        return servers[index];
    }

    /** The index of the first point ≥ {@code hash}; {@link #size()} if there is none (wraps to 0). */
    int find(long hash) {
        int lo = 0;
        int hi = hashes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long point = Integer.toUnsignedLong(hashes[mid]);
            if (hash > point) {
                lo = mid + 1;
            } else if (hash < point) {
                hi = mid;
            } else {
                return mid;
            }
        }
        return lo;
    }
}
