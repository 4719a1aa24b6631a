package dev.switchboard.upstream;

import static dev.switchboard.upstream.TestPeers.group;
import static dev.switchboard.upstream.TestPeers.pickOk;
import static dev.switchboard.upstream.TestPeers.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.upstream.TestPeers.FakeClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeastConnTest {

    private final FakeClock clock = new FakeClock();

    /** Opens a connection and keeps it: returns the selection holding it. */
    private static Selection hold(Balancer b, List<Peer> held) {
        Selection s = b.select(SelectionKey.none());
        held.add(s.next());
        return s;
    }

    @Test
    void picksFewestConnections() {
        LeastConn lc = new LeastConn(TestPeers.threeServers(clock));
        List<Peer> held = new ArrayList<>();
        Selection s1 = hold(lc, held);
        hold(lc, held);
        hold(lc, held);
        assertThat(held).extracting(Peer::server)
                .containsExactly("10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080");
        s1.release(held.get(0), false);
        // .1 has 0 connections, the others 1
        assertThat(pickOk(lc)).isEqualTo("10.0.0.1:8080");
        assertThat(pickOk(lc)).isEqualTo("10.0.0.1:8080");
        assertThat(lc.group().snapshots()).extracting(PeerSnapshot::conns).containsExactly(0, 1, 1);
    }

    @Test
    void connectionsAreWeighedByCrossMultiplication() {
        LeastConn lc = new LeastConn(group(clock, spec("a:1", s -> s.withWeight(2)), spec("b:1")));
        List<Peer> held = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            hold(lc, held);
        }
        // 1: a 0/2, b 0/1 tie -> WRR (a.cur 2, b.cur 1): a, a.cur -1
        // 2: a 1/2, b 0/1: 0*2 < 1*1 -> b (no tie, current weights untouched)
        // 3: a 1/2, b 1/1: 1*2 < 1*1 is false -> a stays best
        // 4: a 2/2, b 1/1: 1*2 == 2*1 tie -> WRR (a.cur 1, b.cur 2): b, b.cur -1
        // 5: a 2/2, b 2/1 -> a;  6: a 3/2, b 2/1: 2*2 < 3*1 is false -> a
        assertThat(held).extracting(Peer::server).containsExactly("a:1", "b:1", "a:1", "b:1", "a:1", "a:1");
        assertThat(lc.group().snapshots()).extracting(PeerSnapshot::conns).containsExactly(4, 2);
    }

    @Test
    void tiesGoToSmoothWeightedRoundRobin() {
        LeastConn lc = new LeastConn(group(clock, spec("a:1"), spec("b:1", s -> s.withWeight(2)), spec("c:1")));
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            picks.add(pickOk(lc));
        }
        // all at 0 connections: plain smooth WRR over 1,2,1
        assertThat(picks).containsExactly("b:1", "a:1", "c:1", "b:1", "b:1", "a:1", "c:1", "b:1");
    }

    @Test
    void tieRoundRobinStartsAtTheFirstTiedPeer() {
        LeastConn lc = new LeastConn(TestPeers.threeServers(clock));
        List<Peer> held = new ArrayList<>();
        hold(lc, held);                         // .1 busy
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picks.add(pickOk(lc));              // .2 and .3 tie at 0
        }
        assertThat(picks).containsExactly("10.0.0.2:8080", "10.0.0.3:8080", "10.0.0.2:8080", "10.0.0.3:8080");
    }

    @Test
    void failedAndFullPeersAreSkippedThenBackupServes() {
        LeastConn lc = new LeastConn(group(clock, spec("a:1", s -> s.withMaxConns(1)), spec("b:1"),
                spec("x:1", s -> s.withBackup(true))));
        Selection s = lc.select(SelectionKey.none());
        Peer b = s.next();
        assertThat(b.server()).isEqualTo("a:1");
        // a is full now; b fails -> out for fail_timeout
        Selection s2 = lc.select(SelectionKey.none());
        Peer p = s2.next();
        assertThat(p.server()).isEqualTo("b:1");
        s2.release(p, true);
        Peer backup = s2.next();
        assertThat(backup.server()).isEqualTo("x:1");
        s2.release(backup, false);
        assertThat(pickOk(lc)).isEqualTo("x:1");
        s.release(b, false);
        assertThat(pickOk(lc)).isEqualTo("a:1");
    }

    @Test
    void allFailedIsBusy() {
        LeastConn lc = new LeastConn(group(clock, spec("a:1"), spec("b:1")));
        Selection s = lc.select(SelectionKey.none());
        for (Peer p = s.next(); p != null; p = s.next()) {
            s.release(p, true);
        }
        assertThat(s.picks()).isEqualTo(2);
        assertThat(lc.select(SelectionKey.none()).next()).isNull();
        clock.now = 1011;
        // both may be probed and tie at 0 conns: WRR with effective weights 0 (after the failures)
        // and current weights a -1, b 1 -> b; then b (a 0, b 2), then a (1, 1): effective weights recover
        assertThat(List.of(pickOk(lc), pickOk(lc), pickOk(lc))).containsExactly("b:1", "b:1", "a:1");
        assertThat(lc.group().snapshots()).extracting(PeerSnapshot::state)
                .containsOnly(PeerSnapshot.State.UP);

    }

    @Test
    void triesLimit() {
        LeastConn lc = new LeastConn(TestPeers.threeServers(clock));
        Selection s = lc.select(SelectionKey.none(), 1);
        Peer p = s.next();
        s.release(p, true);
        assertThat(s.next()).isNull();
    }
}
