package dev.switchboard.upstream;

import java.util.concurrent.TimeUnit;

/**
 * Whole seconds, the unit of nginx's {@code ngx_time()} used by {@code fail_timeout} accounting.
 * Injected so tests can move time by hand.
 */
@FunctionalInterface
public interface SecondsClock {

    /** Current time in whole seconds. Only differences matter to the balancers. */
    long nowSeconds();

    /**
     * Epoch seconds that never go backwards: the wall clock read once at class load, advanced by
     * {@link System#nanoTime()}. Unlike nginx's wall clock, a system clock step cannot keep a failed peer
     * out for longer than {@code fail_timeout}; the values still read as epoch seconds for metrics.
     */
    static SecondsClock system() {
        return SystemSecondsClock.INSTANCE;
    }
}

/** The default clock; see {@link SecondsClock#system()}. */
final class SystemSecondsClock implements SecondsClock {

    static final SystemSecondsClock INSTANCE = new SystemSecondsClock();

    private final long originNanos = System.nanoTime();
    private final long originMillis = System.currentTimeMillis();

    private SystemSecondsClock() {
    }

    @Override
    public long nowSeconds() {
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - originNanos);
        return (originMillis + elapsedMillis) / 1000;
    }
}
