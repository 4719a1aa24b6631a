package dev.switchboard.bench;

import java.util.concurrent.TimeUnit;

/** Halts the JVM if a run overruns its time limit, so that no benchmark step can hang. */
final class Watchdog {

    private Watchdog() {
    }

    /** Starts the watchdog; interrupt the returned thread once the run finished in time. */
    static Thread start(long limitSeconds) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(limitSeconds));
                System.err.println("loadgen: hard time limit of " + limitSeconds + " s reached, halting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // finished in time
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }
}
