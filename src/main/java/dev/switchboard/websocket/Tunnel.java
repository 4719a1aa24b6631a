package dev.switchboard.websocket;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * An upgraded client/backend pair relaying bytes both ways. Both channels live on the same event loop, so the pair's
 * state needs no locks. Backpressure: each side reads only while the other side is writable (auto-read off,
 * watermarks on the channels), so a slow reader pauses the fast writer instead of growing a queue. Half-close is
 * relayed: when one side finishes sending, the other side's output is shut down and the remaining direction keeps
 * flowing until it finishes too. Timeouts follow nginx (see {@link TunnelSettings}); they are checked by one timer per
 * tunnel that compares timestamps, so per-message work is a field write, not a timer reschedule.
 */
public final class Tunnel {

    private static final Logger log = LoggerFactory.getLogger(Tunnel.class);

    private final Channel client;
    private final Channel upstream;
    private final TunnelSettings settings;
    private final TunnelRelay fromClient;
    private final TunnelRelay fromUpstream;
    private final Runnable onClose;
    private long lastActivityNanos;
    private long clientBlockedSinceNanos;
    private long upstreamBlockedSinceNanos;
    private ScheduledFuture<?> timer;
    private boolean closed;

    private Tunnel(Channel client, Channel upstream, TunnelSettings settings, Runnable onClose) {
        this.client = client;
        this.upstream = upstream;
        this.settings = settings;
        this.onClose = onClose;
        this.fromClient = new TunnelRelay(this, upstream, true);
        this.fromUpstream = new TunnelRelay(this, client, false);
    }

    /**
     * Creates a tunnel for an upgraded pair and adds its relay handlers at the end of both pipelines. The caller
     * then removes its HTTP handlers (whose leftover bytes flow into the relays) and calls {@link #start()}.
     *
     * @param onClose run once when the tunnel has closed both channels
     */
    public static Tunnel install(Channel client, Channel upstream, TunnelSettings settings, Runnable onClose) {
        if (client.eventLoop() != upstream.eventLoop()) {
            throw new IllegalStateException("tunnel channels must share one event loop");
        }
        Tunnel tunnel = new Tunnel(client, upstream, settings, onClose);
        client.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        upstream.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        client.pipeline().addLast("tunnel", tunnel.fromClient);
        upstream.pipeline().addLast("tunnel", tunnel.fromUpstream);
        return tunnel;
    }

    /** Starts relaying: both sides read, and the timeout check runs. */
    public void start() {
        lastActivityNanos = System.nanoTime();
        scheduleCheck(checkInterval());
        client.read();
        upstream.read();
    }

    void activity() {
        lastActivityNanos = System.nanoTime();
    }

    /** The side that {@code relay} writes to became writable or unwritable. */
    void peerWritabilityChanged(TunnelRelay reader, boolean writable) {
        long now = System.nanoTime();
        if (reader == fromClient) {
            upstreamBlockedSinceNanos = writable ? 0 : now;
        } else {
            clientBlockedSinceNanos = writable ? 0 : now;
        }
    }

    /** The relay reading from one channel, to be resumed when its target is writable again. */
    TunnelRelay relayReadingFrom(Channel channel) {
        return channel == client ? fromClient : fromUpstream;
    }

    /** Both directions have finished or one side failed: close both. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
        client.close();
        upstream.close();
        onClose.run();
    }

    /** Called when a direction finished (EOF relayed); closes the pair when both have. */
    void directionDone() {
        if (fromClient.isDone() && fromUpstream.isDone()) {
            close();
        }
    }

    private long checkInterval() {
        long min = Long.MAX_VALUE;
        for (long t : new long[]{settings.idleTimeoutMillis(), settings.upstreamSendTimeoutMillis(),
                settings.clientSendTimeoutMillis()}) {
            if (t > 0) {
                min = Math.min(min, t);
            }
        }
        return min == Long.MAX_VALUE ? 0 : Math.max(10, min);
    }

    private void scheduleCheck(long delayMillis) {
        if (delayMillis <= 0 || closed) {
            return;
        }
        timer = client.eventLoop().schedule(this::checkTimeouts, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void checkTimeouts() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long idle = settings.idleTimeoutMillis();
        long next = checkInterval();
        if (idle > 0) {
            long idleFor = TimeUnit.NANOSECONDS.toMillis(now - lastActivityNanos);
            if (idleFor >= idle) {
                log.info("upgraded connection idle for {} ms (proxy_read_timeout), closing {} <-> {}", idleFor,
                        client.remoteAddress(), upstream.remoteAddress());
                close();
                return;
            }
            next = Math.min(next, idle - idleFor);
        }
        if (blockedTooLong(upstreamBlockedSinceNanos, settings.upstreamSendTimeoutMillis(), now, "proxy_send_timeout")
                || blockedTooLong(clientBlockedSinceNanos, settings.clientSendTimeoutMillis(), now, "send_timeout")) {
            close();
            return;
        }
        scheduleCheck(Math.max(10, next));
    }

    private boolean blockedTooLong(long since, long limit, long now, String directive) {
        if (since == 0 || limit <= 0) {
            return false;
        }
        if (TimeUnit.NANOSECONDS.toMillis(now - since) >= limit) {
            log.info("upgraded connection write blocked longer than {} ({} ms), closing", directive, limit);
            return true;
        }
        return false;
    }
}
