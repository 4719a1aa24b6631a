package dev.switchboard.upstream;

import java.net.InetSocketAddress;

/**
 * A consistent copy of one peer's state, for metrics and status pages.
 *
 * @param server              the config text of the peer's {@code server} line
 * @param address             the resolved address
 * @param state               {@link State#DOWN} if configured {@code down}, {@link State#FAILED} while
 *                            {@code max_fails} is reached within {@code fail_timeout}, otherwise {@link State#UP}
 *                            (passive health only; see {@code health} for active checks)
 * @param failedUntil         for {@link State#FAILED}, the {@link SecondsClock} second after which the peer may be
 *                            probed again; 0 otherwise
 * @param conns               connections currently holding the peer (picked and not yet released)
 * @param picks               times the peer was picked since the group was built
 * @param failures            releases reported as failed since the group was built
 * @param health              the verdict of active health checks ({@code health_check});
 *                            {@link Health#UNCHECKED} when the upstream has none
 * @param healthChecks        active health checks finished on this peer since the group was built
 * @param healthCheckFailures of those, the ones that failed
 */
public record PeerSnapshot(String server, InetSocketAddress address, State state, long failedUntil,
                           int conns, long picks, long failures, Health health, long healthChecks,
                           long healthCheckFailures) {

    /** Availability as nginx's balancers see it (a peer at {@code max_conns} is still {@code UP}). */
    public enum State { UP, DOWN, FAILED }

    /**
     * The verdict of active health checks. Balancers skip {@link #UNHEALTHY} peers; the other two values are
     * eligible.
     */
    public enum Health { UNCHECKED, HEALTHY, UNHEALTHY }

    /** A snapshot of a peer without active health checks (the shape before {@code health_check} existed). */
    public PeerSnapshot(String server, InetSocketAddress address, State state, long failedUntil, int conns,
                        long picks, long failures) {
        this(server, address, state, failedUntil, conns, picks, failures, Health.UNCHECKED, 0, 0);
    }
}
