package dev.switchboard.upstream;

import static dev.switchboard.upstream.TestPeers.group;
import static dev.switchboard.upstream.TestPeers.pickOk;
import static dev.switchboard.upstream.TestPeers.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.upstream.TestPeers.FakeClock;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every balancer skips peers that active health checks marked unhealthy, and takes them back on recovery. */
class HealthEligibilityTest {

    private final FakeClock clock = new FakeClock();

    private static final String SICK = "10.0.0.2:8080";

    private static List<SelectionKey> keys() throws Exception {
        List<SelectionKey> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add(SelectionKey.of("key-" + i, InetAddress.getByName("10." + (i % 50) + "." + i + ".1")));
        }
        return keys;
    }

    private Map<SelectionKey, String> picks(Balancer balancer, List<SelectionKey> keys) {
        Map<SelectionKey, String> out = new HashMap<>();
        for (SelectionKey k : keys) {
            out.put(k, pickOk(balancer, k));
        }
        return out;
    }

    private void assertSkipsUnhealthyAndRecovers(Function<PeerGroup, Balancer> method, boolean keyed)
            throws Exception {
        PeerGroup group = TestPeers.threeServers(clock);
        Balancer balancer = method.apply(group);
        Peer sick = group.peers().get(1);
        List<SelectionKey> keys = keys();
        Map<SelectionKey, String> before = picks(balancer, keys);
        assertThat(before).containsValue(SICK);

        sick.markHealth(false);
        Map<SelectionKey, String> during = picks(balancer, keys);
        assertThat(during.values()).doesNotContain(SICK).doesNotContainNull();
        if (keyed) {
            // hashing methods move only the keys of the unhealthy peer
            before.forEach((k, v) -> {
                if (!v.equals(SICK)) {
                    assertThat(during.get(k)).isEqualTo(v);
                }
            });
        }
        assertThat(sick.snapshot().health()).isEqualTo(PeerSnapshot.Health.UNHEALTHY);
        assertThat(sick.snapshot().state()).isEqualTo(PeerSnapshot.State.UP);

        sick.recordHealthCheck(true, true);
        Map<SelectionKey, String> after = picks(balancer, keys);
        assertThat(after).containsValue(SICK);
        if (keyed) {
            assertThat(after).isEqualTo(before);
        }
        assertThat(sick.snapshot().health()).isEqualTo(PeerSnapshot.Health.HEALTHY);
        assertThat(sick.snapshot().healthChecks()).isEqualTo(1);
    }

    @Test
    void roundRobinSkipsUnhealthy() throws Exception {
        assertSkipsUnhealthyAndRecovers(RoundRobin::new, false);
    }

    @Test
    void leastConnSkipsUnhealthy() throws Exception {
        assertSkipsUnhealthyAndRecovers(LeastConn::new, false);
    }

    @Test
    void ipHashSkipsUnhealthy() throws Exception {
        assertSkipsUnhealthyAndRecovers(IpHash::new, true);
    }

    @Test
    void hashSkipsUnhealthy() throws Exception {
        assertSkipsUnhealthyAndRecovers(Hash::new, true);
    }

    @Test
    void consistentHashSkipsUnhealthy() throws Exception {
        assertSkipsUnhealthyAndRecovers(ConsistentHash::new, true);
    }

    @Test
    void unhealthySinglePeerGivesNoPeer() {
        PeerGroup single = group(clock, spec("10.0.0.1:8080"));
        single.peers().get(0).markHealth(false);
        assertThat(pickOk(new RoundRobin(single))).isNull();
        single.peers().get(0).markHealth(true);
        assertThat(pickOk(new RoundRobin(single))).isEqualTo("10.0.0.1:8080");
    }

    @Test
    void allPrimariesUnhealthyFallsBackToBackup() {
        PeerGroup g = group(clock, spec("10.0.0.1:8080"), spec("10.0.0.2:8080"),
                spec("10.0.0.9:8080", s -> s.withBackup(true)));
        g.peers().forEach(p -> p.markHealth(false));
        assertThat(pickOk(new RoundRobin(g))).isEqualTo("10.0.0.9:8080");
    }

    @Test
    void snapshotWithoutHealthChecksKeepsItsOldShape() {
        Peer a = TestPeers.threeServers(clock).peers().get(0);
        assertThat(a.snapshot()).isEqualTo(new PeerSnapshot("10.0.0.1:8080", a.address(), PeerSnapshot.State.UP,
                0, 0, 0, 0));
        assertThat(a.snapshot().health()).isEqualTo(PeerSnapshot.Health.UNCHECKED);
    }
}
