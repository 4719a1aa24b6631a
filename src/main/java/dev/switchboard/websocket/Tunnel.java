package dev.switchboard.websocket;

import dev.switchboard.vars.AddressFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An upgraded client/backend pair relaying bytes both ways. Both channels live on the same event loop, so the pair's
 * state needs no locks. Backpressure: each side reads only while the other side is writable (auto-read off,
 * watermarks on the channels), so a slow reader pauses the fast writer instead of growing a queue.
 *
 * <p>As an opaque tunnel ({@code websocket_inspect off}, or a non-WebSocket upgrade) it behaves like nginx, with
 * half-close relayed. As a WebSocket tunnel it follows frames and can therefore speak for itself: it pings a side
 * that has been quiet for {@code websocket_ping_interval} and consumes the pong, and when a side breaks the protocol,
 * goes silent, vanishes, or the pair idles out, each side still gets a real close frame with a code that says why.
 *
 * <p>Timeouts follow nginx (see {@link TunnelSettings}); they are checked by one timer per tunnel that compares
 * timestamps, so per-message work is a field write, not a timer reschedule.
 */
public final class Tunnel {

    private static final Logger log = LoggerFactory.getLogger(Tunnel.class);
    /** How long the proxy waits for its close frames to be written before closing the sockets anyway. */
    private static final long CLOSE_GRACE_MILLIS = 1_000;
    /** How long a client has to answer the proxy's close frame in a graceful close. */
    private static final long HANDSHAKE_GRACE_MILLIS = 3_000;

    private final Channel client;
    private final Channel upstream;
    private final TunnelSettings settings;
    private final TunnelRelay fromClient;
    private final TunnelRelay fromUpstream;
    private final Runnable onClose;
    private final long startNanos = System.nanoTime();
    private long lastActivityNanos;
    private long clientLastReadNanos;
    private long upstreamLastReadNanos;
    private long clientBlockedSinceNanos;
    private long upstreamBlockedSinceNanos;
    private final PingState clientPing = new PingState();
    private final PingState upstreamPing = new PingState();
    private ScheduledFuture<?> timer;
    private boolean closing;
    private boolean closed;
    private boolean graceful;
    /** Who ended the session first ("client", "backend", "proxy") and with which code, for logs and metrics. */
    private String closeBy;
    private int closeCode;

    /** An outstanding keepalive ping toward one side. */
    private static final class PingState {
        byte[] token;
        long sentNanos;
    }

    private Tunnel(Channel client, Channel upstream, TunnelSettings settings, Runnable onClose) {
        this.client = client;
        this.upstream = upstream;
        this.settings = settings;
        this.onClose = onClose;
        this.fromClient = new TunnelRelay(this, upstream, true, settings.webSocket());
        this.fromUpstream = new TunnelRelay(this, client, false, settings.webSocket());
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

    /** The tunnel an upgraded client channel belongs to, or null if the channel is not (yet) tunnelled. */
    public static Tunnel of(Channel client) {
        return client.pipeline().get("tunnel") instanceof TunnelRelay relay ? relay.tunnel() : null;
    }

    /** The backend address this tunnel is connected to. */
    public java.net.SocketAddress backendAddress() {
        return upstream.remoteAddress();
    }

    /** The client channel (for its event loop and close future). */
    public Channel clientChannel() {
        return client;
    }

    /**
     * Ends the tunnel on behalf of the proxy (drain, shutdown, a backend removed from the configuration): both sides
     * get Close 1001 with the reason when frames are followed, an opaque tunnel is just closed. Safe from any thread.
     */
    public void goAway(String reason) {
        client.eventLoop().execute(() -> {
            if (settings.inspects()) {
                closeGracefully(reason);
            } else {
                close();
            }
        });
    }

    /**
     * A closing handshake with the client on the backend's behalf, so nothing the client sent before it is lost:
     * Close 1001 goes to the client (after the frame in progress toward it), what the client still sends keeps
     * flowing to the backend, and the client's close answer is passed to the backend as its close. Whatever the
     * backend sends after the proxy's close frame can no longer reach the client (RFC 6455 §5.5.1) and is dropped.
     * If the client does not answer within {@link #HANDSHAKE_GRACE_MILLIS}, the backend gets Close 1001 and both
     * connections close.
     */
    private void closeGracefully(String reason) {
        if (closing || closed || graceful) {
            return;
        }
        graceful = true;
        noteClose("proxy", CloseCodes.GOING_AWAY);
        fromUpstream.inject(ControlFrames.close(client.alloc(), CloseCodes.GOING_AWAY, reason, false));
        client.eventLoop().schedule(() -> closeWith(0, null, CloseCodes.GOING_AWAY, reason),
                HANDSHAKE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A close frame went through {@code relay}; in a graceful close the client's answer ends the handshake. */
    void closeFramePassed(TunnelRelay relay) {
        if (graceful && relay == fromClient) {
            // The backend answers the forwarded close; its answer is dropped and ends the tunnel, or the grace does.
            client.eventLoop().schedule(this::close, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Records the first close of the session; later ones (answers) do not change it. */
    void noteClose(String by, int code) {
        if (closeBy == null) {
            closeBy = by;
            closeCode = code;
        }
    }

    /** Who ended the session first: "client", "backend" or "proxy"; "-" while open. */
    public String closeBy() {
        return closeBy == null ? "-" : closeBy;
    }

    /**
     * The code of the close that ended the session: the first close frame's code (1005 when it carried none), the
     * code the proxy sent the client, or 1006 when a side vanished without a close frame; 0 while open.
     */
    public int closeCode() {
        return closeCode;
    }

    /** Both sides have exchanged close frames through or with the proxy. */
    void closingHandshakeDone() {
        closeAfterFlush(client);
        closeAfterFlush(upstream);
    }

    /** Starts relaying: both sides read, and the timeout check runs. */
    public void start() {
        long now = System.nanoTime();
        lastActivityNanos = now;
        clientLastReadNanos = now;
        upstreamLastReadNanos = now;
        scheduleCheck(checkInterval());
        client.read();
        upstream.read();
    }

    /** Frames and messages seen from the client and the backend, and bytes each way, for logs and metrics. */
    public TunnelCounters counters() {
        FrameTracker c = fromClient.tracker();
        FrameTracker u = fromUpstream.tracker();
        return new TunnelCounters(fromClient.bytes(), fromUpstream.bytes(), c == null ? 0 : c.messages(),
                u == null ? 0 : u.messages(), fromClient.closeCode(), fromUpstream.closeCode(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    boolean isClosing() {
        return closing || closed;
    }

    void readFrom(TunnelRelay relay) {
        long now = System.nanoTime();
        lastActivityNanos = now;
        if (relay == fromClient) {
            clientLastReadNanos = now;
        } else {
            upstreamLastReadNanos = now;
        }
    }

    /** Whether a pong read by {@code relay} answers the proxy's own ping (then it is not forwarded). */
    boolean isOwnPong(TunnelRelay relay, ByteBuf payload) {
        PingState ping = relay == fromClient ? clientPing : upstreamPing;
        if (ping.token == null || payload.readableBytes() != ping.token.length) {
            return false;
        }
        for (int i = 0; i < ping.token.length; i++) {
            if (payload.getByte(payload.readerIndex() + i) != ping.token[i]) {
                return false;
            }
        }
        ping.token = null;
        return true;
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

    /**
     * A side broke the protocol or a limit: the offender gets {@code code}; the client learns of a faulty backend
     * with 1011, the backend of a faulty client with 1001.
     */
    void violation(TunnelRelay offender, int code, String reason) {
        noteClose("proxy", code);
        log.info("*{} websocket {} violated the protocol ({} {}), closing {} <-> {}", settings.connectionId(),
                offender.fromClient() ? "client" : "backend", code, reason,
                AddressFormat.withPort(client.remoteAddress()),
                AddressFormat.withPort(upstream.remoteAddress()));
        if (offender.fromClient()) {
            closeWith(code, reason, CloseCodes.GOING_AWAY, "client protocol error");
        } else {
            closeWith(CloseCodes.INTERNAL_ERROR, "backend protocol error", code, reason);
        }
    }

    /** A side's connection ended without a closing handshake: tell the other side with a close frame. */
    void sideLost(TunnelRelay relay, String what) {
        if (closing || closed) {
            close();
            return;
        }
        noteClose(relay.fromClient() ? "client" : "backend", 1006);
        if (relay.fromClient()) {
            log.info("*{} websocket client {} {}, closing the backend connection with 1001", settings.connectionId(),
                    AddressFormat.withPort(client.remoteAddress()),
                    what);
            closeWith(0, null, CloseCodes.GOING_AWAY, "client went away");
        } else {
            log.info("*{} websocket backend {} {}, closing the client connection with 1014", settings.connectionId(),
                    AddressFormat.withPort(upstream.remoteAddress()),
                    what);
            closeWith(CloseCodes.BAD_GATEWAY, "backend " + what, 0, null);
        }
    }

    /**
     * Ends the tunnel with close frames: {@code clientCode} toward the client and {@code upstreamCode} toward the
     * backend (0 sends none, for a side that is gone), then closes both sockets once written or after a grace period.
     */
    void closeWith(int clientCode, String clientReason, int upstreamCode, String upstreamReason) {
        if (closing || closed) {
            return;
        }
        closing = true;
        noteClose("proxy", clientCode != 0 ? clientCode : upstreamCode);
        if (clientCode != 0 && client.isActive()) {
            fromUpstream.inject(ControlFrames.close(client.alloc(), clientCode, clientReason, false));
        }
        if (upstreamCode != 0 && upstream.isActive()) {
            fromClient.inject(ControlFrames.close(upstream.alloc(), upstreamCode, upstreamReason, true));
        }
        client.eventLoop().schedule(this::close, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        closeAfterFlush(client);
        closeAfterFlush(upstream);
    }

    private void closeAfterFlush(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            channel.close();
            if (!client.isActive() && !upstream.isActive()) {
                close();
            }
        });
    }

    /** Closes both channels now (the end of every tunnel). */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        noteClose(fromClient.isDone() ? "client" : fromUpstream.isDone() ? "backend" : "proxy", 1006);
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
        WebSocketOptions ws = settings.webSocket();
        long ping = ws == null ? 0 : ws.pingIntervalMillis();
        long[] candidates = {settings.idleTimeoutMillis(), settings.upstreamSendTimeoutMillis(),
                settings.clientSendTimeoutMillis(), ping, ping > 0 ? ws.pingTimeoutMillis() : 0};
        for (long t : candidates) {
            if (t > 0) {
                min = Math.min(min, t);
            }
        }
        return min == Long.MAX_VALUE ? 0 : Math.max(10, min / 2);
    }

    private void scheduleCheck(long delayMillis) {
        if (delayMillis <= 0 || closed) {
            return;
        }
        timer = client.eventLoop().schedule(this::checkTimeouts, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void checkTimeouts() {
        if (closed || closing) {
            return;
        }
        long now = System.nanoTime();
        if (keepalive(now)) {
            return;
        }
        long idle = settings.idleTimeoutMillis();
        if (idle > 0) {
            long idleFor = TimeUnit.NANOSECONDS.toMillis(now - lastActivityNanos);
            if (idleFor >= idle) {
                log.info("*{} upgraded connection idle for {} ms (proxy_read_timeout), closing {} <-> {}",
                        settings.connectionId(),
                        idleFor,
                        AddressFormat.withPort(client.remoteAddress()),
                        AddressFormat.withPort(upstream.remoteAddress()));
                endQuietly(CloseCodes.GOING_AWAY, "idle timeout", CloseCodes.GOING_AWAY, "idle timeout");
                return;
            }
        }
        if (blockedTooLong(upstreamBlockedSinceNanos, settings.upstreamSendTimeoutMillis(), now, "proxy_send_timeout")
                || blockedTooLong(clientBlockedSinceNanos, settings.clientSendTimeoutMillis(), now, "send_timeout")) {
            endQuietly(CloseCodes.GOING_AWAY, "send timeout", CloseCodes.GOING_AWAY, "send timeout");
            return;
        }
        scheduleCheck(checkInterval());
    }

    /** Closes with frames when frames are followed, or just closes an opaque tunnel (as nginx does). */
    private void endQuietly(int clientCode, String clientReason, int upstreamCode, String upstreamReason) {
        if (settings.inspects()) {
            closeWith(clientCode, clientReason, upstreamCode, upstreamReason);
        } else {
            close();
        }
    }

    /** Pings quiet sides and declares dead a side that did not answer; true when the tunnel was closed. */
    private boolean keepalive(long now) {
        WebSocketOptions ws = settings.webSocket();
        if (ws == null || ws.pingIntervalMillis() <= 0) {
            return false;
        }
        if (deadAfterPing(clientPing, now, ws)) {
            log.info("*{} websocket client {} did not answer a ping within {} ms, closing", settings.connectionId(),
                    AddressFormat.withPort(client.remoteAddress()),
                    ws.pingTimeoutMillis());
            closeWith(CloseCodes.GOING_AWAY, "ping timeout", CloseCodes.GOING_AWAY, "client not responding");
            return true;
        }
        if (deadAfterPing(upstreamPing, now, ws)) {
            log.info("*{} websocket backend {} did not answer a ping within {} ms, closing", settings.connectionId(),
                    AddressFormat.withPort(upstream.remoteAddress()),
                    ws.pingTimeoutMillis());
            closeWith(CloseCodes.BAD_GATEWAY, "backend not responding", CloseCodes.GOING_AWAY, "ping timeout");
            return true;
        }
        pingIfQuiet(clientPing, clientLastReadNanos, fromUpstream, client, false, now, ws);
        pingIfQuiet(upstreamPing, upstreamLastReadNanos, fromClient, upstream, true, now, ws);
        return false;
    }

    private static boolean deadAfterPing(PingState ping, long now, WebSocketOptions ws) {
        return ping.token != null && TimeUnit.NANOSECONDS.toMillis(now - ping.sentNanos) >= ws.pingTimeoutMillis();
    }

    private static void pingIfQuiet(PingState ping, long lastRead, TunnelRelay writer, Channel side, boolean masked,
                                    long now, WebSocketOptions ws) {
        if (ping.token != null && lastRead > ping.sentNanos) {
            // The side spoke after the ping went out: it is alive, whatever happened to the pong.
            ping.token = null;
        }
        if (ping.token != null || TimeUnit.NANOSECONDS.toMillis(now - lastRead) < ws.pingIntervalMillis()) {
            return;
        }
        byte[] token = ("sb" + Long.toHexString(ThreadLocalRandom.current().nextLong()))
                .getBytes(StandardCharsets.US_ASCII);
        ping.token = token;
        ping.sentNanos = now;
        writer.inject(ControlFrames.frame(side.alloc(), ControlFrames.PING, token, masked));
    }

    private boolean blockedTooLong(long since, long limit, long now, String directive) {
        if (since == 0 || limit <= 0) {
            return false;
        }
        if (TimeUnit.NANOSECONDS.toMillis(now - since) >= limit) {
            log.info("*{} upgraded connection write blocked longer than {} ({} ms), closing", settings.connectionId(),
                    directive, limit);
            return true;
        }
        return false;
    }
}
