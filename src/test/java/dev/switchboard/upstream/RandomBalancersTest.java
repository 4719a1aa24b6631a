package dev.switchboard.upstream;

import static dev.switchboard.upstream.TestPeers.group;
import static dev.switchboard.upstream.TestPeers.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.upstream.TestPeers.FakeClock;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link WeightedRandom} ({@code random}) and {@link RandomTwo} ({@code random two least_conn}). */
class RandomBalancersTest {

    private final FakeClock clock = new FakeClock();

    private static Map<String, Integer> count(Balancer b, int picks) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(TestPeers.pickOk(b), 1, Integer::sum);
        }
        return counts;
    }

    /** Opens {@code n} connections on {@code server} through round robin over the same peers, and keeps them. */
    private static void holdOn(PeerGroup g, String server, int n) {
        RoundRobin rr = new RoundRobin(g);
        int held = 0;
        while (held < n) {
            Selection s = rr.select(SelectionKey.none());
            Peer p = s.next();
            if (p.server().equals(server)) {
                held++;
            } else {
                s.release(p, false);
            }
        }
        assertThat(g.snapshots()).filteredOn(x -> x.server().equals(server)).extracting(PeerSnapshot::conns)
                .containsExactly(n);
    }

    @Test
    void randomFollowsTheWeights() {
        WeightedRandom r = new WeightedRandom(group(clock, spec("a:1", s -> s.withWeight(3)), spec("b:1")),
                new SplittableRandom(42));
        Map<String, Integer> counts = count(r, 40_000);
        // expected 30,000 : 10,000; one standard deviation is about 87
        assertThat(counts.get("a:1")).isBetween(29_500, 30_500);
        assertThat(counts.get("b:1")).isBetween(9_500, 10_500);
    }

    @Test
    void downPeersKeepTheirShareOfTheRangeButAreRedrawn() {
        WeightedRandom r = new WeightedRandom(group(clock, spec("a:1"), spec("b:1", s -> s.withDown(true)), spec("c:1")),
                new SplittableRandom(7));
        Map<String, Integer> counts = count(r, 30_000);
        assertThat(counts).doesNotContainKey("b:1");
        assertThat(counts.get("a:1")).isBetween(14_500, 15_500);
    }

    @Test
    void aRetryNeverPicksATriedPeerAndFailuresAreCounted() {
        WeightedRandom r = new WeightedRandom(group(clock, spec("a:1"), spec("b:1")), new SplittableRandom(1));
        for (int i = 0; i < 100; i++) {
            Selection s = r.select(SelectionKey.none());
            Peer first = s.next();
            s.release(first, false);
            Peer second = s.next();
            assertThat(second).isNotNull().isNotSameAs(first);
            s.release(second, false);
            assertThat(s.next()).as("two peers, two tries").isNull();
        }
        Selection s = r.select(SelectionKey.none());
        Peer p = s.next();
        s.release(p, true);
        // max_fails=1: only the other peer is picked until fail_timeout passes
        for (int i = 0; i < 50; i++) {
            assertThat(TestPeers.pickOk(r)).isNotEqualTo(p.server());
        }
        clock.now += 11;
        assertThat(count(r, 200)).containsKey(p.server());
    }

    @Test
    void whenNothingIsEligibleTheAnswerIsBusy() {
        WeightedRandom r = new WeightedRandom(group(clock, spec("a:1", s -> s.withMaxConns(1)), spec("b:1",
                s -> s.withMaxConns(1))), new SplittableRandom(3));
        Selection s1 = r.select(SelectionKey.none());
        Selection s2 = r.select(SelectionKey.none());
        assertThat(s1.next()).isNotNull();
        assertThat(s2.next()).isNotNull();
        assertThat(r.select(SelectionKey.none()).next()).isNull();
    }

    @Test
    void twoPrefersTheLessLoadedPeer() {
        PeerGroup g = group(clock, spec("a:1"), spec("b:1"));
        RandomTwo r = new RandomTwo(g, new SplittableRandom(5));
        holdOn(g, "a:1", 3);
        // with two peers both are always drawn: b (0 conns) must win every time
        assertThat(count(r, 1_000)).containsOnlyKeys("b:1");
    }

    @Test
    void twoWeighsConnectionsAndTiesGoToTheSecondDraw() {
        RandomTwo r = new RandomTwo(group(clock, spec("a:1", s -> s.withWeight(3)), spec("b:1"), spec("c:1")),
                new SplittableRandom(11));
        // all idle: every pick is a tie, won by the second of two distinct weighted draws:
        // P(a) = 0.2·3/4 + 0.2·3/4 = 0.30, P(b) = P(c) = 0.6·1/2 + 0.2·1/4 = 0.35 (the first draw would give 0.6)
        Map<String, Integer> counts = count(r, 50_000);
        assertThat(counts.get("a:1")).isBetween(14_500, 15_500);
        assertThat(counts.get("b:1")).isBetween(17_000, 18_000);
        assertThat(counts.get("c:1")).isBetween(17_000, 18_000);
    }

    @Test
    void twoAmongManyAvoidsTheBusiestPeer() {
        PeerGroup g = group(clock, spec("a:1"), spec("b:1"), spec("c:1"), spec("d:1"));
        RandomTwo r = new RandomTwo(g, new SplittableRandom(13));
        holdOn(g, "a:1", 1);
        // a has one connection, the others none: a only wins when drawn with itself, which is redrawn
        assertThat(count(r, 5_000)).doesNotContainKey("a:1");
    }

    @Test
    void singlePeerAndBackupRules() {
        RandomTwo single = new RandomTwo(group(clock, spec("a:1")), new SplittableRandom(1));
        assertThat(TestPeers.pickOk(single)).isEqualTo("a:1");
        assertThat(new WeightedRandom(group(clock, spec("a:1"))).supportsBackup()).isFalse();
        assertThat(single.supportsBackup()).isFalse();
    }
}
