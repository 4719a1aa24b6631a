package dev.switchboard.upstream;

import java.net.InetSocketAddress;

/**
 * A consistent copy of one peer's state, for metrics and status pages.
 *
 * @param server      the config text of the peer's {@code server} line
 * @param address     the resolved address
 * @param state       {@link State#DOWN} if configured {@code down}, {@link State#FAILED} while
 *                    {@code max_fails} is reached within {@code fail_timeout}, otherwise {@link State#UP}
 * @param failedUntil for {@link State#FAILED}, the {@link SecondsClock} second after which the peer may be
 *                    probed again; 0 otherwise
 * @param conns       connections currently holding the peer (picked and not yet released)
 * @param picks       times the peer was picked since the group was built
 * @param failures    releases reported as failed since the group was built
 */
public record PeerSnapshot(String server, InetSocketAddress address, State state, long failedUntil,
                           int conns, long picks, long failures) {

    /** Availability as nginx's balancers see it (a peer at {@code max_conns} is still {@code UP}). */
    public enum State { UP, DOWN, FAILED }
}
