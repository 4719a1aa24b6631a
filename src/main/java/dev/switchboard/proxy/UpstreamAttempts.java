package dev.switchboard.proxy;

import dev.switchboard.upstream.Peer;
import dev.switchboard.upstream.Selection;

import java.util.concurrent.TimeUnit;

/**
 * The attempts of one proxied request on the peers of its upstream: the balancer's {@link Selection}, the peer in
 * use, what has been sent to it, and the {@link NextUpstreamPolicy} that decides whether a failed attempt moves on
 * (nginx's {@code ngx_http_upstream_next} and {@code ngx_http_upstream_test_next}). Driven from one event loop.
 */
final class UpstreamAttempts {

    private final Selection selection;
    private final NextUpstreamPolicy policy;
    private final boolean nonIdempotent;
    private final long startNanos = System.nanoTime();
    private Peer peer;
    private boolean requestSent;
    private boolean bodySent;

    UpstreamAttempts(Selection selection, NextUpstreamPolicy policy, boolean nonIdempotent) {
        this.selection = selection;
        this.policy = policy;
        this.nonIdempotent = nonIdempotent;
    }

    /** Picks the peer of the next attempt, or null when none is eligible (nginx's "no live upstreams": 502). */
    Peer next() {
        requestSent = false;
        peer = selection.next();
        return peer;
    }

    /** The peer of the current attempt, null once released. */
    Peer peer() {
        return peer;
    }

    /** The request head is going out to the current peer; {@code withBody}: its body follows, unbuffered. */
    void requestSent(boolean withBody) {
        requestSent = true;
        bodySent |= withBody;
    }

    /**
     * The current attempt failed with {@code type} (a {@link NextUpstreamPolicy} bit; not an {@code http_XXX}
     * response, see {@link #retryOnStatus}): releases the peer, counting the failure unless it is a 403/404, and
     * tells whether the next peer may be tried; an {@code error} on a connection from the keepalive cache adds one
     * try, as nginx does. If not, the client gets {@link NextUpstreamPolicy#statusFor}.
     */
    boolean failed(int type, boolean cachedConnection) {
        release(NextUpstreamPolicy.countsAsFailure(type));
        if (cachedConnection && type == NextUpstreamPolicy.ERROR) {
            // ngx_http_upstream_next: a cached connection may have been closed by the backend meanwhile, so its
            // error earns one more try (the peer is still released as failed, as nginx does)
            selection.addTry();
        }
        return selection.triesLeft() > 0 && allows(type);
    }

    /**
     * The current peer answered {@code status}, not yet sent to the client. If {@code proxy_next_upstream} lists
     * it and another try is left, releases the peer (counted as failed unless 403/404) and returns true; otherwise
     * the response is the answer.
     */
    boolean retryOnStatus(int status) {
        int type = NextUpstreamPolicy.typeOfStatus(status);
        if (type == 0 || selection.triesLeft() <= 1 || !allows(type)) {
            return false;
        }
        release(NextUpstreamPolicy.countsAsFailure(type));
        return true;
    }

    /** Ends the current attempt, if any. */
    void release(boolean failed) {
        if (peer != null) {
            Peer p = peer;
            peer = null;
            selection.release(p, failed);
        }
    }

    /** Runs {@code release(false)} later, for an attempt that became a tunnel; the peer stays counted until then. */
    Runnable releaseLater() {
        Peer p = peer;
        peer = null;
        return () -> selection.release(p, false);
    }

    private boolean allows(int type) {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return policy.allows(type, requestSent, bodySent, nonIdempotent, elapsed);
    }
}
