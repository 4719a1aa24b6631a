package dev.switchboard.testing;

import io.netty.util.ResourceLeakDetector;

import java.util.ArrayList;
import java.util.List;

/**
 * Netty's leak detector for the test JVM (named by {@code io.netty.customResourceLeakDetector} in the Surefire
 * configuration): logs a leaked buffer as Netty does and also records it, so {@link LeakCheck} can fail the test
 * class in which it was found. The shipped launcher turns leak detection off for speed; the tests run it at
 * {@code paranoid} level instead, on every buffer.
 */
public final class LeakRecordingDetector<T> extends ResourceLeakDetector<T> {

    private static final List<String> LEAKS = new ArrayList<>();

    public LeakRecordingDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    public LeakRecordingDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        record(resourceType + " leaked; last accesses:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        record(resourceType + " leaked (no access records)");
        super.reportUntracedLeak(resourceType);
    }

    private static void record(String leak) {
        synchronized (LEAKS) {
            LEAKS.add(leak);
        }
    }

    /** The leaks reported since the last call, and forgets them. */
    static List<String> drain() {
        synchronized (LEAKS) {
            List<String> leaks = new ArrayList<>(LEAKS);
            LEAKS.clear();
            return leaks;
        }
    }
}
