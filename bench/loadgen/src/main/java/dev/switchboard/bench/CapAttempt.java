package dev.switchboard.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One connection of the {@code cap} scenario: sends a WebSocket upgrade, classifies how the attempt ends into an
 * {@link Outcomes} (exactly once), and once upgraded stays idle, answers pings and counts the echoes of the
 * messages {@link #sendEcho} sends. A held connection that goes away without {@link #release} is counted as lost.
 */
final class CapAttempt extends ChannelInboundHandlerAdapter implements FrameReader.Listener {

    /** What the scenario learns from an attempt. */
    interface Events {
        /** The attempt ended as {@code kind} ({@link Outcomes#UPGRADED} or a refusal). */
        void resolved(CapAttempt attempt, String kind);

        /** An upgraded connection was closed by the proxy (or failed) without the scenario asking. */
        void lost(CapAttempt attempt);

        /** An echo came back on an upgraded connection. */
        void echoed(CapAttempt attempt);
    }

    private final String request;
    private final String key;
    private final long answerTimeoutMillis;
    private final Events events;
    private final FrameReader frames = new FrameReader(false);
    private ChannelHandlerContext ctx;
    private ByteBuf head;
    private ScheduledFuture<?> timer;
    private boolean resolved;
    private boolean upgraded;
    private boolean released;
    private final ControlFrames control = new ControlFrames();

    CapAttempt(String hostHeader, String path, long answerTimeoutMillis, Events events) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
        this.request = "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        this.answerTimeoutMillis = answerTimeoutMillis;
        this.events = events;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> resolve("no answer", true), answerTimeoutMillis, TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(ctx.alloc().buffer(request.length()).writeBytes(request.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Ends the attempt as {@code kind} (first call wins); closes it unless it upgraded. */
    private void resolve(String kind, boolean close) {
        if (resolved) {
            return;
        }
        resolved = true;
        if (timer != null) {
            timer.cancel(false);
        }
        upgraded = Outcomes.UPGRADED.equals(kind);
        events.resolved(this, kind);
        if (close && !upgraded) {
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (upgraded) {
                frames.read(buf, this);
            } else if (!resolved) {
                handshakeRead(buf);
            }
        } finally {
            buf.release();
        }
    }

    private void handshakeRead(ByteBuf buf) {
        if (head == null) {
            head = ctx.alloc().buffer(512);
        }
        head.writeBytes(buf);
        String response = Args.takeHead(head);
        if (response == null) {
            return;
        }
        String status = response.length() >= 12 ? response.substring(9, 12) : "???";
        if ("101".equals(status) && WsFrames.accept(key).equals(Args.header(response, "sec-websocket-accept"))) {
            resolve(Outcomes.UPGRADED, false);
            if (head.isReadable()) {
                frames.read(head, this);
            }
        } else {
            resolve("http " + status, true);
        }
        head.release();
        head = null;
    }

    /** Sends one 64-byte message; its echo is reported through {@link Events#echoed}. Event loop only. */
    void sendEcho() {
        ByteBuf out = ctx.alloc().buffer(80);
        WsFrames.writeTimestamped(out, 64, System.nanoTime(), ThreadLocalRandom.current().nextInt());
        ctx.writeAndFlush(out, ctx.voidPromise());
    }

    /** Closes a held connection on the scenario's behalf (not counted as lost). Event loop only. */
    void release() {
        released = true;
        ctx.close();
    }

    boolean isOpen() {
        return ctx.channel().isActive();
    }

    @Override
    public void header(int opcode, boolean fin, long length) {
        control.header(ctx, opcode, length);
    }

    @Override
    public void payload(ByteBuf piece) {
        control.payload(piece);
    }

    @Override
    public void frameEnded(int opcode, long timestamp, long length) {
        if (!control.ended(ctx, opcode, true)) {
            events.echoed(this);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (head != null) {
            head.release();
            head = null;
        }
        control.release();
        if (!resolved) {
            resolve("closed", false);
        } else if (upgraded && !released) {
            events.lost(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!resolved) {
            resolve(Outcomes.kindOf(cause, false), true);
        } else {
            ctx.close();
        }
    }
}
