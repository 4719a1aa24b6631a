package dev.switchboard.upstream;

import static dev.switchboard.upstream.TestPeers.group;
import static dev.switchboard.upstream.TestPeers.pickOk;
import static dev.switchboard.upstream.TestPeers.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.upstream.TestPeers.FakeClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashTest {

    private final FakeClock clock = new FakeClock();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void referenceIncrements() {
        assertThat(Hash.increment(0, bytes("192.168.1.10"))).isEqualTo(3975);
        assertThat(Hash.increment(1, bytes("192.168.1.10"))).isEqualTo(8649);
        assertThat(Hash.increment(0, bytes("203.0.113.7"))).isEqualTo(23734);
    }

    @Test
    void referencePicks() {
        Hash hash = new Hash(TestPeers.threeServers(clock));
        assertThat(pickOk(hash, SelectionKey.ofHashKey("192.168.1.10"))).isEqualTo("10.0.0.1:8080"); // 3975 % 3 = 0
        assertThat(pickOk(hash, SelectionKey.ofHashKey("203.0.113.7"))).isEqualTo("10.0.0.2:8080");  // 23734 % 3 = 1
        // stable: the same key always lands on the same peer
        assertThat(pickOk(hash, SelectionKey.ofHashKey("192.168.1.10"))).isEqualTo("10.0.0.1:8080");
    }

    /** The first candidate not in {@code skip}, computed straight from the Cache::Memcached formula. */
    private static int expectedIndex(String key, int totalWeight, int[] weights, List<Integer> skip) {
        long acc = 0;
        for (int rehash = 0; rehash <= 20; rehash++) {
            acc += Hash.increment(rehash, bytes(key));
            long w = acc % totalWeight;
            int i = 0;
            while (w >= weights[i]) {
                w -= weights[i++];
            }
            if (!skip.contains(i)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void retryRehashesWithTheCounterPrefixAndKeepsTheSum() {
        Hash hash = new Hash(TestPeers.threeServers(clock));
        Selection s = hash.select(SelectionKey.ofHashKey("192.168.1.10"));
        Peer first = s.next();
        assertThat(first.server()).isEqualTo("10.0.0.1:8080");
        s.release(first, true);
        // second value 3975 + 8649 = 12624, 12624 % 3 = 0: .1 again, already tried -> third value
        long third = 12624 + Hash.increment(2, bytes("192.168.1.10"));
        Peer second = s.next();
        assertThat(second).isSameAs(hash.group().peers().get((int) (third % 3)));
        assertThat(expectedIndex("192.168.1.10", 3, new int[] {1, 1, 1}, List.of(0)))
                .isEqualTo((int) (third % 3));
        s.release(second, false);
    }

    @Test
    void downPeerSendsItsKeysOnByRehashing() {
        Hash hash = new Hash(group(clock, spec("10.0.0.1:8080", s -> s.withDown(true)),
                spec("10.0.0.2:8080"), spec("10.0.0.3:8080")));
        int moved = 0;
        for (int k = 0; k < 300; k++) {
            String key = "/item/" + k;
            int expected = expectedIndex(key, 3, new int[] {1, 1, 1}, List.of(0));
            assertThat(pickOk(hash, SelectionKey.ofHashKey(key)))
                    .isEqualTo(hash.group().peers().get(expected).server());
            if (expectedIndex(key, 3, new int[] {1, 1, 1}, List.of()) == 0) {
                moved++;
            }
        }
        assertThat(moved).isBetween(70, 130);
    }

    @Test
    void weightsCountDownPeers() {
        int[] weights = {3, 1, 2};
        Hash hash = new Hash(group(clock, spec("10.0.0.1:8080", s -> s.withWeight(3)),
                spec("10.0.0.2:8080", s -> s.withDown(true)), spec("10.0.0.3:8080", s -> s.withWeight(2))));
        for (int k = 0; k < 100; k++) {
            String key = "user" + k;
            int expected = expectedIndex(key, 6, weights, List.of(1));
            assertThat(pickOk(hash, SelectionKey.ofHashKey(key)))
                    .isEqualTo(hash.group().peers().get(expected).server());
        }
    }

    @Test
    void emptyKeyUsesRoundRobin() {
        Hash hash = new Hash(TestPeers.threeServers(clock));
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picks.add(pickOk(hash, SelectionKey.ofHashKey("")));
        }
        assertThat(picks).containsExactly("10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080", "10.0.0.1:8080");
        assertThat(pickOk(hash, SelectionKey.none())).isEqualTo("10.0.0.2:8080");
    }

    @Test
    void afterTwentyMissesRoundRobinTakesOver() {
        // a heavy down peer catches almost every hash value: 21 misses in a row fall back to round robin,
        // which alternates b and c, where the hash alone would give one fixed peer per key
        int[] weights = {1000, 1, 1};
        Hash hash = new Hash(group(clock, spec("10.0.0.1:8080", s -> s.withWeight(1000).withDown(true)),
                spec("10.0.0.2:8080"), spec("10.0.0.3:8080")));
        String key = null;
        for (int k = 0; key == null; k++) {
            if (expectedIndex("k" + k, 1002, weights, List.of(0)) == -1) {
                key = "k" + k;
            }
        }
        SelectionKey sk = SelectionKey.ofHashKey(key);
        assertThat(List.of(pickOk(hash, sk), pickOk(hash, sk), pickOk(hash, sk)))
                .containsExactly("10.0.0.2:8080", "10.0.0.3:8080", "10.0.0.2:8080");
    }

    @Test
    void singleGroupUsesRoundRobin() {
        Hash hash = new Hash(group(clock, spec("10.0.0.9:80")));
        assertThat(pickOk(hash, SelectionKey.ofHashKey("anything"))).isEqualTo("10.0.0.9:80");
        assertThat(hash.supportsBackup()).isFalse();
    }

    @Test
    void keyBytesAreLatin1() {
        // a raw byte 0xE9 received on the wire, carried as U+00E9, hashes as the single byte 0xE9
        assertThat(SelectionKey.ofHashKey("caf\u00e9").hashKeyBytes()).containsExactly('c', 'a', 'f', 0xE9);
    }
}
