package dev.switchboard.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@link FrameTracker} scanning one read of {@value #FRAMES} masked client frames (the tunnel's per-read work in
 * the client-to-backend direction); the score is per frame. The sink releases what it is given, as the channel
 * would after writing it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameTrackerBenchmark {

    static final int FRAMES = 32;

    @Param({"64", "1024", "16384"})
    int payload;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private ByteBuf read;
    private FrameTracker tracker;
    private Blackhole blackhole;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        blackhole = bh;
        read = alloc.directBuffer(FRAMES * (payload + 14));
        for (int i = 0; i < FRAMES; i++) {
            read.writeByte(0x82);
            if (payload < 126) {
                read.writeByte(0x80 | payload);
            } else {
                read.writeByte(0x80 | 126).writeShort(payload);
            }
            read.writeInt(ThreadLocalRandom.current().nextInt());
            read.writeZero(payload);
        }
        tracker = new FrameTracker(true, 0, 0, 0, alloc, new FrameSink() {
            @Override
            public void forward(ByteBuf bytes) {
                blackhole.consume(bytes.readableBytes());
                bytes.release();
            }

            @Override
            public void controlFrame(int opcode, ByteBuf frame, ByteBuf payloadBuf) {
                frame.release();
                payloadBuf.release();
            }

            @Override
            public void violation(int code, String reason) {
                throw new IllegalStateException(reason);
            }

            @Override
            public boolean awaitsFrameBoundary() {
                return false;
            }

            @Override
            public void frameEnded(boolean messageEnded) {
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        read.release();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long scanOneRead() {
        tracker.accept(read.retainedDuplicate());
        return tracker.frames();
    }
}
