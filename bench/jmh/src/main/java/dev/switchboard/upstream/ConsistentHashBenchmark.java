package dev.switchboard.upstream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One pick of {@code hash $key consistent} (CRC32 of the key, ring lookup, peer eligibility, release). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConsistentHashBenchmark {

    @Param({"3", "32"})
    int peers;

    private ConsistentHash balancer;
    private SelectionKey[] keys;
    private int next;

    @Setup
    public void setUp() {
        List<PeerSpec> specs = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            String host = "10.0." + (i / 250) + "." + (i % 250 + 1);
            specs.add(PeerSpec.of(host + ":8080", new InetSocketAddress(host, 8080)));
        }
        balancer = new ConsistentHash(PeerGroup.of("backend", specs));
        keys = new SelectionKey[1024];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = SelectionKey.ofHashKey("/room/" + i * 7919 + "?user=" + i);
        }
    }

    @Benchmark
    public Peer pick() {
        Selection s = balancer.select(keys[next++ & (keys.length - 1)], 0);
        Peer p = s.next();
        s.release(p, false);
        return p;
    }
}
