package dev.switchboard.upstream.health;

import java.util.Objects;

/**
 * One upstream's {@code health_check}, as configured.
 *
 * @param intervalMillis time between the starts of two check rounds ({@code interval=}, default 5s)
 * @param fails          consecutive failed checks that make a healthy peer unhealthy ({@code fails=}, default 1)
 * @param passes         consecutive passed checks that make an unhealthy peer healthy ({@code passes=}, default 1)
 * @param uri            the request target ({@code uri=}, default {@code /})
 * @param timeoutMillis  bound on one whole check: connect, request, response ({@code timeout=}, default
 *                       {@link #defaultTimeout the interval, but at least 1s})
 * @param type           {@link Type#HTTP} or {@link Type#WEBSOCKET} ({@code type=}, default http)
 * @param ping           for websocket checks: also send a ping and expect its pong ({@code ping})
 * @param status         for http checks: the statuses that pass ({@code status=}, default 200-399)
 * @param body           for http checks: the body test ({@code body=}), or {@code null}
 * @param mandatory      peers start unhealthy until their first check passes ({@code mandatory})
 * @param port           the port to check instead of the peer's own ({@code port=}), 0 for the peer's
 */
public record HealthCheckSpec(long intervalMillis, int fails, int passes, String uri, long timeoutMillis, Type type,
                              boolean ping, StatusRanges status, BodyMatch body, boolean mandatory, int port) {

    /** What a check does. */
    public enum Type {
        /** A {@code GET} whose status (and optionally body) must match. */
        HTTP,
        /** A full WebSocket opening handshake (RFC 6455 section 4.1), optionally followed by a ping. */
        WEBSOCKET
    }

    public static final long DEFAULT_INTERVAL_MILLIS = 5_000;

    /** The smallest default timeout: short intervals must not turn a slow first connection into a failure. */
    public static final long MIN_DEFAULT_TIMEOUT_MILLIS = 1_000;

    /**
     * The timeout when none is given: the interval, but at least {@value #MIN_DEFAULT_TIMEOUT_MILLIS} ms. A check
     * that outlasts the interval is not started again until it ends.
     */
    public static long defaultTimeout(long intervalMillis) {
        return Math.max(intervalMillis, MIN_DEFAULT_TIMEOUT_MILLIS);
    }

    public HealthCheckSpec {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        if (intervalMillis <= 0 || timeoutMillis <= 0 || fails < 1 || passes < 1 || port < 0 || port > 65535) {
            throw new IllegalArgumentException("invalid health check parameters");
        }
    }

    /** All defaults: {@code health_check;}. */
    public static HealthCheckSpec defaults() {
        return new HealthCheckSpec(DEFAULT_INTERVAL_MILLIS, 1, 1, "/", DEFAULT_INTERVAL_MILLIS, Type.HTTP, false,
                StatusRanges.DEFAULT, null, false, 0);
    }
}
