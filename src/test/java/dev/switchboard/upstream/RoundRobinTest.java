package dev.switchboard.upstream;

import static dev.switchboard.upstream.TestPeers.group;
import static dev.switchboard.upstream.TestPeers.pickOk;
import static dev.switchboard.upstream.TestPeers.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.upstream.TestPeers.FakeClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RoundRobinTest {

    private final FakeClock clock = new FakeClock();

    private List<String> sequence(Balancer b, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(pickOk(b));
        }
        return out;
    }

    @Test
    void smoothWeights_5_1_1() {
        RoundRobin rr = new RoundRobin(group(clock, spec("a:1", s -> s.withWeight(5)), spec("b:1"), spec("c:1")));
        assertThat(sequence(rr, 14)).containsExactly(
                "a:1", "a:1", "b:1", "a:1", "c:1", "a:1", "a:1",
                "a:1", "a:1", "b:1", "a:1", "c:1", "a:1", "a:1");
    }

    @Test
    void smoothWeights_4_2_1() {
        RoundRobin rr = new RoundRobin(group(clock,
                spec("a:1", s -> s.withWeight(4)), spec("b:1", s -> s.withWeight(2)), spec("c:1")));
        assertThat(sequence(rr, 7)).containsExactly("a:1", "b:1", "a:1", "c:1", "a:1", "b:1", "a:1");
    }

    @Test
    void downPeersAreSkippedButCountInTotalWeight() {
        PeerGroup g = group(clock, spec("a:1"), spec("b:1", s -> s.withDown(true).withWeight(3)), spec("c:1"));
        assertThat(g.totalWeight()).isEqualTo(5);
        assertThat(g.number()).isEqualTo(3);
        assertThat(g.tries()).isEqualTo(2);
        assertThat(sequence(new RoundRobin(g), 4)).containsExactly("a:1", "c:1", "a:1", "c:1");
    }

    @Test
    void retriesWithinARequestNeverRepeatAPeerAndStopWhenAllFailed() {
        RoundRobin rr = new RoundRobin(TestPeers.threeServers(clock));
        Selection s = rr.select(SelectionKey.none());
        List<String> tried = new ArrayList<>();
        for (Peer p = s.next(); p != null; p = s.next()) {
            tried.add(p.server());
            s.release(p, true);
        }
        assertThat(tried).containsExactly("10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080");
        assertThat(s.picks()).isEqualTo(3);
        // every peer reached max_fails=1: the next request is busy (502) until fail_timeout passes
        assertThat(rr.select(SelectionKey.none()).next()).isNull();
    }

    @Test
    void nextUpstreamTriesLimitsPicks() {
        RoundRobin rr = new RoundRobin(TestPeers.threeServers(clock));
        Selection s = rr.select(SelectionKey.none(), 2);
        Peer first = s.next();
        s.release(first, true);
        Peer second = s.next();
        s.release(second, true);
        assertThat(s.next()).isNull();
        assertThat(s.picks()).isEqualTo(2);
        // a limit above the number of peers changes nothing
        Selection wide = new RoundRobin(TestPeers.threeServers(new FakeClock())).select(SelectionKey.none(), 10);
        int picks = 0;
        for (Peer p = wide.next(); p != null; p = wide.next()) {
            wide.release(p, true);
            picks++;
        }
        assertThat(picks).isEqualTo(3);
    }

    @Test
    void failureLowersEffectiveWeightWhichRecoversByOnePerRound() {
        // a: weight 3, max_fails 3 -> one failure costs 3/3 = 1 of effective weight
        RoundRobin rr = new RoundRobin(group(clock,
                spec("a:1", s -> s.withWeight(3).withMaxFails(3)), spec("b:1")));
        Selection s = rr.select(SelectionKey.none());
        Peer a = s.next();
        assertThat(a.server()).isEqualTo("a:1");
        s.release(a, true);
        // without the failure the sequence would continue a b a a
        assertThat(sequence(rr, 5)).containsExactly("b:1", "a:1", "a:1", "a:1", "b:1");
    }

    @Test
    void failedPeerIsSkippedForFailTimeoutThenProbedOncePerWindow() {
        PeerGroup g = group(clock, spec("a:1"), spec("b:1", s -> s.withDown(true)));
        RoundRobin rr = new RoundRobin(g);
        Selection s = rr.select(SelectionKey.none());
        Peer a = s.next();
        s.release(a, true);                                   // fails=1 at t=1000, checked=1000
        assertThat(s.next()).isNull();                        // tries: only one non-down peer
        assertThat(a.snapshot().state()).isEqualTo(PeerSnapshot.State.FAILED);
        assertThat(a.snapshot().failedUntil()).isEqualTo(1010);

        clock.now = 1010;                                     // now - checked <= fail_timeout: still out
        assertThat(rr.select(SelectionKey.none()).next()).isNull();

        clock.now = 1011;                                     // window over: exactly one probe goes through
        Selection probe = rr.select(SelectionKey.none());
        Peer probed = probe.next();
        assertThat(probed).isSameAs(a);
        assertThat(rr.select(SelectionKey.none()).next()).isNull();   // checked = 1011, a new window

        probe.release(probed, true);                          // probe failed: out for another window
        clock.now = 1021;
        assertThat(rr.select(SelectionKey.none()).next()).isNull();
        clock.now = 1022;
        Selection probe2 = rr.select(SelectionKey.none());
        Peer p2 = probe2.next();
        assertThat(p2).isSameAs(a);
        probe2.release(p2, false);                            // accessed(1011) < checked(1022): recovered
        assertThat(a.snapshot().state()).isEqualTo(PeerSnapshot.State.UP);
        assertThat(pickOk(rr)).isEqualTo("a:1");
        assertThat(pickOk(rr)).isEqualTo("a:1");
        assertThat(a.snapshot()).isEqualTo(new PeerSnapshot("a:1", a.address(), PeerSnapshot.State.UP, 0, 0, 5, 2));
    }

    @Test
    void maxFailsZeroNeverMarksFailed() {
        RoundRobin rr = new RoundRobin(group(clock, spec("a:1", s -> s.withMaxFails(0)),
                spec("b:1", s -> s.withDown(true))));
        for (int i = 0; i < 3; i++) {
            Selection s = rr.select(SelectionKey.none());
            Peer p = s.next();
            assertThat(p.server()).isEqualTo("a:1");
            s.release(p, true);
        }
        PeerSnapshot a = rr.group().peers().get(0).snapshot();
        assertThat(a.state()).isEqualTo(PeerSnapshot.State.UP);
        assertThat(a.failures()).isEqualTo(3);
        assertThat(pickOk(rr)).isEqualTo("a:1");
    }

    @Test
    void backupGroupServesWhenNoPrimaryIsEligible() {
        PeerGroup g = group(clock, spec("a:1"), spec("b:1"), spec("x:1", s -> s.withBackup(true)),
                spec("y:1", s -> s.withBackup(true)));
        assertThat(g.single()).isFalse();
        assertThat(g.number()).isEqualTo(2);
        assertThat(g.backup()).get().extracting(PeerGroup::number).isEqualTo(2);
        RoundRobin rr = new RoundRobin(g);

        Selection s = rr.select(SelectionKey.none());
        List<String> tried = new ArrayList<>();
        for (Peer p = s.next(); p != null; p = s.next()) {
            tried.add(p.server());
            s.release(p, true);
        }
        // tries = 2 primary + 2 backup; the bitmap is cleared when moving to the backups
        assertThat(tried).containsExactly("a:1", "b:1", "x:1", "y:1");

        clock.now = 1005;    // primaries failed until 1010; backups too
        assertThat(rr.select(SelectionKey.none()).next()).isNull();
    }

    @Test
    void backupServesWhilePrimariesAreDownAndStaysForTheRequest() {
        PeerGroup g = group(clock, spec("a:1"), spec("x:1", s -> s.withBackup(true)),
                spec("y:1", s -> s.withBackup(true)));
        RoundRobin rr = new RoundRobin(g);
        Selection s = rr.select(SelectionKey.none());
        Peer a = s.next();
        s.release(a, true);
        Peer x = s.next();
        assertThat(x.server()).isEqualTo("x:1");
        s.release(x, false);
        assertThat(sequence(rr, 3)).containsExactly("y:1", "x:1", "y:1");
        clock.now = 1011;
        assertThat(pickOk(rr)).isEqualTo("a:1");
    }

    @Test
    void aSingleBackupPeerIsNotASingleGroup() {
        PeerGroup g = group(clock, spec("a:1"), spec("x:1", s -> s.withBackup(true)));
        assertThat(g.single()).isFalse();
        assertThat(g.backup()).get().extracting(PeerGroup::single).isEqualTo(false);
        RoundRobin rr = new RoundRobin(g);
        Selection s = rr.select(SelectionKey.none());
        Peer a = s.next();
        s.release(a, true);
        Peer x = s.next();
        assertThat(x.server()).isEqualTo("x:1");
        s.release(x, true);                  // counted: the backup group has no single short cut
        assertThat(s.next()).isNull();
        assertThat(g.snapshots()).extracting(PeerSnapshot::state)
                .containsExactly(PeerSnapshot.State.FAILED, PeerSnapshot.State.FAILED);
    }

    @Test
    void concurrentPicksKeepCountsConsistent() throws Exception {
        RoundRobin rr = new RoundRobin(group(clock, spec("a:1", s -> s.withWeight(3).withMaxFails(0)),
                spec("b:1", s -> s.withMaxFails(0)), spec("c:1", s -> s.withMaxFails(0))));
        int threads = 4;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    Selection s = rr.select(SelectionKey.none());
                    Peer p = s.next();
                    s.release(p, i % 7 == 0);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        List<PeerSnapshot> snaps = rr.group().snapshots();
        assertThat(snaps).extracting(PeerSnapshot::conns).containsOnly(0);
        assertThat(snaps.stream().mapToLong(PeerSnapshot::picks).sum()).isEqualTo(threads * perThread);
        // smooth WRR stays exact under contention: 3:1:1
        assertThat(snaps).extracting(PeerSnapshot::picks).containsExactly(12_000L, 4_000L, 4_000L);
    }

    @Test
    void maxConnsCapsConcurrentConnections() {
        RoundRobin rr = new RoundRobin(group(clock, spec("a:1", s -> s.withMaxConns(1)),
                spec("b:1", s -> s.withMaxConns(2))));
        List<Selection> open = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Selection s = rr.select(SelectionKey.none());
            Peer p = s.next();
            held.add(p == null ? null : p.server());
            open.add(s);
        }
        assertThat(held).containsExactly("a:1", "b:1", "b:1", null);
        Peer a = rr.group().peers().get(0);
        assertThat(a.snapshot().conns()).isEqualTo(1);
        open.get(0).release(a, false);
        assertThat(a.snapshot().conns()).isZero();
        Selection again = rr.select(SelectionKey.none());
        assertThat(again.next()).isSameAs(a);
    }

    @Test
    void singleGroupIgnoresMaxFailsAndAllowsNoRetry() {
        PeerGroup g = group(clock, spec("a:1"));
        assertThat(g.single()).isTrue();
        RoundRobin rr = new RoundRobin(g);
        Selection s = rr.select(SelectionKey.none());
        Peer a = s.next();
        s.release(a, true);
        assertThat(s.next()).isNull();
        assertThat(a.snapshot().state()).isEqualTo(PeerSnapshot.State.UP);
        assertThat(a.snapshot().failures()).isEqualTo(1);
        assertThat(pickOk(rr)).isEqualTo("a:1");
    }

    @Test
    void singleGroupStillHonoursDownAndMaxConns() {
        assertThat(pickOk(new RoundRobin(group(clock, spec("a:1", s -> s.withDown(true)))))).isNull();
        RoundRobin rr = new RoundRobin(group(clock, spec("a:1", s -> s.withMaxConns(1))));
        Selection held = rr.select(SelectionKey.none());
        assertThat(held.next()).isNotNull();
        assertThat(rr.select(SelectionKey.none()).next()).isNull();
    }

    @Test
    void releaseMustMatchTheOutstandingPick() {
        RoundRobin rr = new RoundRobin(TestPeers.threeServers(clock));
        Selection s = rr.select(SelectionKey.none());
        Peer p = s.next();
        assertThatThrownBy(s::next).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.release(rr.group().peers().get(2), false))
                .isInstanceOf(IllegalArgumentException.class);
        s.release(p, false);
        assertThatThrownBy(() -> s.release(p, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(p.snapshot().conns()).isZero();
    }

    @Test
    void snapshotsReportStateAndCounters() {
        PeerGroup g = group(clock, spec("a:1"), spec("b:1", s -> s.withDown(true)),
                spec("x:1", s -> s.withBackup(true)));
        RoundRobin rr = new RoundRobin(g);
        Selection s = rr.select(SelectionKey.none());
        Peer a = s.next();
        s.release(a, true);
        Peer x = s.next();
        List<PeerSnapshot> snaps = g.snapshots();
        assertThat(snaps).extracting(PeerSnapshot::server).containsExactly("a:1", "b:1", "x:1");
        assertThat(snaps).extracting(PeerSnapshot::state).containsExactly(
                PeerSnapshot.State.FAILED, PeerSnapshot.State.DOWN, PeerSnapshot.State.UP);
        assertThat(snaps).extracting(PeerSnapshot::conns).containsExactly(0, 0, 1);
        assertThat(snaps).extracting(PeerSnapshot::picks).containsExactly(1L, 0L, 1L);
        assertThat(snaps).extracting(PeerSnapshot::failures).containsExactly(1L, 0L, 0L);
        assertThat(snaps.get(0).failedUntil()).isEqualTo(1010);
        s.release(x, false);
    }
}
