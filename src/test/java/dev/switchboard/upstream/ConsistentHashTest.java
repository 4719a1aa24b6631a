package dev.switchboard.upstream;

import static dev.switchboard.upstream.TestPeers.group;
import static dev.switchboard.upstream.TestPeers.ip;
import static dev.switchboard.upstream.TestPeers.pickOk;
import static dev.switchboard.upstream.TestPeers.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.upstream.TestPeers.FakeClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ConsistentHashTest {

    private final FakeClock clock = new FakeClock();

    private static long crc(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.ISO_8859_1));
        return crc.getValue();
    }

    @Test
    void referencePoints() {
        assertThat(KetamaRing.points("10.0.0.1:8080", 3)).containsExactly(0xf1ea5a8fL, 0x4bd08e68L, 0x84e5eeeeL);
        assertThat(KetamaRing.points("10.0.0.2:8080", 3)).containsExactly(0x1adde18cL, 0xdc8610b0L, 0xf935ad54L);
        assertThat(KetamaRing.points("10.0.0.3:8080", 3)).containsExactly(0xf51f8ab2L, 0xae4b9af8L, 0x64aa91fdL);
    }

    @Test
    void referenceRingAndLookups() {
        ConsistentHash chash = new ConsistentHash(TestPeers.threeServers(clock));
        KetamaRing ring = chash.ring();
        assertThat(ring.size()).isEqualTo(480);
        for (int i = 1; i < ring.size(); i++) {
            assertThat(ring.hashAt(i)).isGreaterThan(ring.hashAt(i - 1));
        }
        assertThat(crc("192.168.1.10")).isEqualTo(0x0f87d6b7L);
        assertThat(ring.find(0x0f87d6b7L)).isEqualTo(26);
        assertThat(ring.serverAt(26)).isEqualTo("10.0.0.3:8080");
        assertThat(crc("203.0.113.7")).isEqualTo(0x5cb67576L);
        assertThat(ring.find(0x5cb67576L)).isEqualTo(173);
        assertThat(ring.serverAt(173)).isEqualTo("10.0.0.2:8080");

        assertThat(pickOk(chash, SelectionKey.ofHashKey("192.168.1.10"))).isEqualTo("10.0.0.3:8080");
        assertThat(pickOk(chash, SelectionKey.ofHashKey("203.0.113.7"))).isEqualTo("10.0.0.2:8080");
    }

    @Test
    void lookupWrapsPastTheLastPoint() {
        KetamaRing ring = new ConsistentHash(TestPeers.threeServers(clock)).ring();
        assertThat(ring.find(0xffffffffL)).isIn(ring.size(), ring.size() - 1);
        assertThat(ring.find(ring.hashAt(ring.size() - 1) + 1)).isEqualTo(ring.size());
        assertThat(ring.find(0)).isZero();
        assertThat(ring.find(ring.hashAt(5))).isEqualTo(5);
        assertThat(ring.find(ring.hashAt(5) + 1)).isEqualTo(6);
    }

    @Test
    void serverSplit() {
        assertThat(KetamaRing.split("[::1]:8080")).containsExactly("[::1]", "8080");
        assertThat(KetamaRing.split("10.0.0.1:8080")).containsExactly("10.0.0.1", "8080");
        assertThat(KetamaRing.split("backend.example.com")).containsExactly("backend.example.com", "");
        assertThat(KetamaRing.split("8080")).containsExactly("8080", "");
        assertThat(KetamaRing.split("host:")).containsExactly("host", "");
        assertThat(KetamaRing.split("a:b:12")).containsExactly("a:b", "12");
        assertThat(KetamaRing.split("[::1]")).containsExactly("[::1]", "");
        assertThat(KetamaRing.split("unix:/tmp/app.sock")).containsExactly("/tmp/app.sock", "");
        assertThat(KetamaRing.split("UNIX:/tmp/x:80")).containsExactly("/tmp/x:80", "");
    }

    @Test
    void weightMultipliesPoints() {
        PeerGroup g = group(clock, spec("10.0.0.1:8080", s -> s.withWeight(3)), spec("10.0.0.2:8080"));
        KetamaRing ring = new ConsistentHash(g).ring();
        assertThat(ring.size()).isEqualTo(640);
        int owned = 0;
        for (int i = 0; i < ring.size(); i++) {
            owned += ring.serverAt(i).equals("10.0.0.1:8080") ? 1 : 0;
        }
        assertThat(owned).isEqualTo(480);
    }

    /** The server of the first point at or after the key's whose server is not in {@code excluded}. */
    private static String clockwise(KetamaRing ring, String key, List<String> excluded) {
        int idx = ring.find(crc(key));
        for (int step = 0; step < ring.size(); step++) {
            String server = ring.serverAt((idx + step) % ring.size());
            if (!excluded.contains(server)) {
                return server;
            }
        }
        return null;
    }

    @Test
    void downServerKeepsItsPointsAndOnlyItsKeysMove() {
        ConsistentHash up = new ConsistentHash(TestPeers.threeServers(clock));
        ConsistentHash withDown = new ConsistentHash(group(clock, spec("10.0.0.1:8080"),
                spec("10.0.0.2:8080", s -> s.withDown(true)), spec("10.0.0.3:8080")));
        assertThat(withDown.ring().size()).isEqualTo(480);
        int owned = 0;
        for (int k = 0; k < 300; k++) {
            String key = "/video/" + k + ".mp4";
            SelectionKey sk = SelectionKey.ofHashKey(key);
            String before = pickOk(up, sk);
            String after = pickOk(withDown, sk);
            assertThat(before).isEqualTo(clockwise(up.ring(), key, List.of()));
            if (before.equals("10.0.0.2:8080")) {
                owned++;
                assertThat(after).isEqualTo(clockwise(up.ring(), key, List.of("10.0.0.2:8080")));
            } else {
                assertThat(after).isEqualTo(before);
            }
        }
        assertThat(owned).isBetween(60, 140);
    }

    /** "backend" resolving to three addresses, plus a second server. */
    private PeerGroup nameWithThreeAddresses() {
        return group(clock, spec("backend", "10.0.1.1", 80), spec("backend", "10.0.1.2", 80),
                spec("backend", "10.0.1.3", 80), spec("other:80", "10.0.2.1", 80));
    }

    private static String keyOwnedBy(KetamaRing ring, String server) {
        for (int k = 0; ; k++) {
            if (ring.serverAt(ring.find(crc("key" + k)) % ring.size()).equals(server)) {
                return "key" + k;
            }
        }
    }

    @Test
    void addressesOfOneNameShareItsPointsByWeightedRoundRobin() {
        ConsistentHash chash = new ConsistentHash(nameWithThreeAddresses());
        assertThat(chash.ring().size()).isEqualTo(320);
        SelectionKey key = SelectionKey.ofHashKey(keyOwnedBy(chash.ring(), "backend"));
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Selection s = chash.select(key);
            Peer p = s.next();
            ips.add(ip(p));
            s.release(p, false);
        }
        assertThat(ips).containsExactly("10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.1");
    }

    @Test
    void retryTriesTheOtherAddressesFirstThenMovesClockwise() {
        ConsistentHash chash = new ConsistentHash(nameWithThreeAddresses());
        SelectionKey key = SelectionKey.ofHashKey(keyOwnedBy(chash.ring(), "backend"));
        Selection s = chash.select(key);
        List<String> ips = new ArrayList<>();
        for (Peer p = s.next(); p != null; p = s.next()) {
            ips.add(ip(p));
            s.release(p, true);
        }
        assertThat(ips).containsExactly("10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.2.1");
    }

    @Test
    void afterTwentyMissesRoundRobinTakesOver() {
        PeerGroup g = group(clock, spec("10.0.0.1:8080", s -> s.withWeight(100).withDown(true)),
                spec("10.0.0.2:8080"), spec("10.0.0.3:8080"));
        ConsistentHash chash = new ConsistentHash(g);
        KetamaRing ring = chash.ring();
        String key = null;
        for (int k = 0; key == null; k++) {
            int idx = ring.find(crc("k" + k));
            boolean allDown = true;
            for (int step = 0; step <= 20; step++) {
                allDown &= ring.serverAt((idx + step) % ring.size()).equals("10.0.0.1:8080");
            }
            if (allDown) {
                key = "k" + k;
            }
        }
        SelectionKey sk = SelectionKey.ofHashKey(key);
        assertThat(List.of(pickOk(chash, sk), pickOk(chash, sk), pickOk(chash, sk)))
                .containsExactly("10.0.0.2:8080", "10.0.0.3:8080", "10.0.0.2:8080");
        // a key landing on a live server keeps it
        String owned = keyOwnedBy(ring, "10.0.0.3:8080");
        assertThat(List.of(pickOk(chash, SelectionKey.ofHashKey(owned)), pickOk(chash, SelectionKey.ofHashKey(owned))))
                .containsExactly("10.0.0.3:8080", "10.0.0.3:8080");
    }

    @Test
    void emptyKeyAndSingleGroupUseRoundRobin() {
        ConsistentHash chash = new ConsistentHash(TestPeers.threeServers(clock));
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            picks.add(pickOk(chash, SelectionKey.ofHashKey("")));
        }
        assertThat(picks).containsExactly("10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080");
        assertThat(pickOk(new ConsistentHash(group(clock, spec("10.0.0.9:80"))), SelectionKey.ofHashKey("x")))
                .isEqualTo("10.0.0.9:80");
    }

    @Test
    void keysSpreadOverServers() {
        ConsistentHash chash = new ConsistentHash(TestPeers.threeServers(clock));
        Map<String, Integer> counts = new HashMap<>();
        for (int k = 0; k < 3000; k++) {
            counts.merge(pickOk(chash, SelectionKey.ofHashKey("session-" + k)), 1, Integer::sum);
        }
        assertThat(counts).hasSize(3);
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(600, 1400));
    }
}
