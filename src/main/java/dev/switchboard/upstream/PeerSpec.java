package dev.switchboard.upstream;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One peer as configured: a resolved address of one {@code server} line of an {@code upstream} block.
 * A server name resolving to several addresses gives several specs sharing the same {@link #server} text.
 *
 * @param server             the address text exactly as written in the config ({@code 10.0.0.1:8080},
 *                           {@code backend.example.com}); no default port added, no parameters. The
 *                           consistent-hash ring is built from this text, not from the address.
 * @param address            the resolved socket address to connect to
 * @param weight             {@code weight=}, at least 1 (default 1)
 * @param maxFails           {@code max_fails=}, 0 disables failure accounting (default 1)
 * @param failTimeoutSeconds {@code fail_timeout=} in seconds (default 10)
 * @param maxConns           {@code max_conns=}, 0 means unlimited (default 0)
 * @param backup             {@code backup}
 * @param down               {@code down}
 */
public record PeerSpec(String server, InetSocketAddress address, int weight, int maxFails,
                       int failTimeoutSeconds, int maxConns, boolean backup, boolean down) {

    /** nginx's defaults, also those of an implicit upstream ({@code proxy_pass host:port}). */
    public static final int DEFAULT_WEIGHT = 1;
    public static final int DEFAULT_MAX_FAILS = 1;
    public static final int DEFAULT_FAIL_TIMEOUT_SECONDS = 10;

    public PeerSpec {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(address, "address");
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1: " + weight);
        }
        if (maxFails < 0 || failTimeoutSeconds < 0 || maxConns < 0) {
            throw new IllegalArgumentException("max_fails, fail_timeout and max_conns must not be negative");
        }
    }

    /** A peer with nginx's default parameters. */
    public static PeerSpec of(String server, InetSocketAddress address) {
        return new PeerSpec(server, address, DEFAULT_WEIGHT, DEFAULT_MAX_FAILS, DEFAULT_FAIL_TIMEOUT_SECONDS,
                0, false, false);
    }

    public PeerSpec withWeight(int newWeight) {
        return new PeerSpec(server, address, newWeight, maxFails, failTimeoutSeconds, maxConns, backup, down);
    }

    public PeerSpec withMaxFails(int newMaxFails) {
        return new PeerSpec(server, address, weight, newMaxFails, failTimeoutSeconds, maxConns, backup, down);
    }

    public PeerSpec withFailTimeoutSeconds(int seconds) {
        return new PeerSpec(server, address, weight, maxFails, seconds, maxConns, backup, down);
    }

    public PeerSpec withMaxConns(int newMaxConns) {
        return new PeerSpec(server, address, weight, maxFails, failTimeoutSeconds, newMaxConns, backup, down);
    }

    public PeerSpec withBackup(boolean newBackup) {
        return new PeerSpec(server, address, weight, maxFails, failTimeoutSeconds, maxConns, newBackup, down);
    }

    public PeerSpec withDown(boolean newDown) {
        return new PeerSpec(server, address, weight, maxFails, failTimeoutSeconds, maxConns, backup, newDown);
    }
}
