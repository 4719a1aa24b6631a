package dev.switchboard.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The test JVM's leak detection is live: an unreleased buffer is reported to {@link LeakRecordingDetector}. */
class LeakCheckTest {

    @Test
    void anUnreleasedBufferIsReported() throws InterruptedException {
        LeakRecordingDetector.drain();
        leakOne();
        List<String> found = new ArrayList<>();
        for (int round = 0; round < 20 && found.isEmpty(); round++) {
            System.gc();
            Thread.sleep(20);
            PooledByteBufAllocator.DEFAULT.directBuffer(16).release();
            found.addAll(LeakRecordingDetector.drain());
        }
        assertThat(found).anySatisfy(leak -> assertThat(leak).contains("ByteBuf").contains("leakOne"));
    }

    private static void leakOne() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(32);
        leaked.writeInt(42);
    }
}
