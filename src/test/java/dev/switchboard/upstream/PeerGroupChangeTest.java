package dev.switchboard.upstream;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.upstream.TestPeers.spec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer set changed by {@code resolve}: {@link PeerGroup#withPeers} keeps unchanged peers and their state, an empty
 * group answers busy, and a consistent-hash ring rebuilt over the new set moves only the keys of the peer that left
 * or arrived (nginx 1.27.3 rebuilds the ring the same way).
 */
class PeerGroupChangeTest {

    private final TestPeers.FakeClock clock = new TestPeers.FakeClock();

    @Test
    void unchangedPeersKeepTheirObjectAndState() {
        PeerGroup first = PeerGroup.resolvable("be", List.of(spec("10.0.0.1:80"), spec("10.0.0.2:80")), clock);
        Peer kept = first.peers().get(1);
        Selection open = new RoundRobin(first).select(SelectionKey.none());
        Peer held = open.next();
        PeerGroup second = first.withPeers(List.of(spec("10.0.0.2:80"), spec("10.0.0.3:80")));
        assertThat(second.peers()).hasSize(2);
        assertThat(second.peers().get(0)).isSameAs(kept);
        assertThat(second.peers().get(0).index()).isZero();
        assertThat(second.peers().get(1).server()).isEqualTo("10.0.0.3:80");
        // a request that started on the old group releases there without trouble
        open.release(held, false);
        assertThat(first.snapshots()).allMatch(s -> s.conns() == 0);
    }

    @Test
    void anEmptyGroupFindsNoPeerWithAnyMethod() {
        PeerGroup empty = PeerGroup.resolvable("be", List.of(), clock);
        for (BalancingMethod.Kind kind : BalancingMethod.Kind.values()) {
            Balancer balancer = Balancers.of(new BalancingMethod(kind, null), empty);
            assertThat(balancer.select(SelectionKey.ofHashKey("k")).next()).as(kind.name()).isNull();
        }
    }

    @Test
    void rebuildingTheRingMovesOnlyTheKeysOfTheChangedPeer() {
        PeerGroup three = PeerGroup.resolvable("be", List.of(spec("a.test:80", "10.0.0.1", 80),
                spec("b.test:80", "10.0.0.2", 80), spec("c.test:80", "10.0.0.3", 80)), clock);
        Map<String, String> before = route(new ConsistentHash(three));
        PeerGroup two = three.withPeers(List.of(three.peers().get(0).spec(), three.peers().get(1).spec()));
        Map<String, String> after = route(new ConsistentHash(two));
        int moved = 0;
        for (String key : before.keySet()) {
            if (before.get(key).equals("c.test:80")) {
                moved++;
                assertThat(after.get(key)).isNotEqualTo("c.test:80");
            } else {
                assertThat(after.get(key)).isEqualTo(before.get(key));
            }
        }
        assertThat(moved / 3000.0).isBetween(0.25, 0.42);
        PeerGroup back = two.withPeers(three.peers().stream().map(Peer::spec).toList());
        assertThat(route(new ConsistentHash(back))).isEqualTo(before);
    }

    private static Map<String, String> route(Balancer balancer) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            out.put("key" + i, TestPeers.pickOk(balancer, SelectionKey.ofHashKey("key" + i)));
        }
        return out;
    }
}
