package dev.switchboard.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran (registered for every class through
 * {@code META-INF/services} and {@code junit.jupiter.extensions.autodetection.enabled}). Netty finds a leak only
 * when the garbage collector has cleared an unreleased buffer and a later allocation polls for it, so after each
 * class this collects garbage and allocates a few buffers before looking. A leak that surfaces later is reported
 * by the class during which it was found.
 */
public final class LeakCheck implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (!(ResourceLeakDetector.isEnabled())) {
            return;
        }
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(20);
            poll();
        }
        List<String> leaks = LeakRecordingDetector.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " leaked Netty buffer(s) found after "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
        }
    }

    /** Allocations are when Netty's detector looks at the buffers the collector found unreachable. */
    private static void poll() {
        for (int i = 0; i < 4; i++) {
            ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
            pooled.release();
            ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
            unpooled.release();
        }
    }
}
