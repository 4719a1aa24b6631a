package dev.switchboard.upstream.health;

/**
 * The health verdict of one peer, moved by consecutive check results: a healthy peer becomes unhealthy after
 * {@code fails} failures in a row, an unhealthy one healthy after {@code passes} passes in a row. A result of the
 * other kind resets the run. Not thread-safe: one checker drives it from one event loop.
 */
public final class HealthState {

    private final int fails;
    private final int passes;
    private boolean healthy;
    private int run;

    /**
     * @param healthy the starting verdict ({@code false} with {@code mandatory})
     */
    public HealthState(int fails, int passes, boolean healthy) {
        if (fails < 1 || passes < 1) {
            throw new IllegalArgumentException("fails and passes must be at least 1");
        }
        this.fails = fails;
        this.passes = passes;
        this.healthy = healthy;
    }

    /**
     * Records one check result.
     *
     * @return whether the verdict changed
     */
    public boolean record(boolean passed) {
        if (passed == healthy) {
            // a result that agrees with the verdict breaks any run towards the other verdict
            run = 0;
            return false;
        }
        run++;
        if (run >= (healthy ? fails : passes)) {
            healthy = !healthy;
            run = 0;
            return true;
        }
        return false;
    }

    public boolean healthy() {
        return healthy;
    }
}
