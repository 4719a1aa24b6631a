package dev.switchboard.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * Relays what one channel reads to its peer. Reads happen one batch at a time: after a batch is written and flushed,
 * the next read is requested only if the peer is writable; otherwise the peer's writability event resumes it.
 * Buffers are handed over, never copied. With a {@link FrameTracker} (WebSocket inspection), control frames are
 * seen whole, the proxy's own pongs are consumed, and frames the proxy originates toward the peer wait for a frame
 * boundary in this direction's stream.
 */
final class TunnelRelay extends ChannelInboundHandlerAdapter implements FrameSink {

    private final Tunnel tunnel;
    private final Channel target;
    private final boolean fromClient;
    private final FrameTracker tracker;
    private ArrayDeque<ByteBuf> pendingInjections;
    private ChannelHandlerContext ctx;
    private boolean waitingForTarget;
    private boolean done;
    private boolean closeFrameSeen;
    /** The proxy wrote its own close frame toward the target: nothing more may follow it (RFC 6455 §5.5.1). */
    private boolean closeInjected;
    private int closeCode;
    private long bytes;

    TunnelRelay(Tunnel tunnel, Channel target, boolean fromClient, WebSocketOptions ws) {
        this.tunnel = tunnel;
        this.target = target;
        this.fromClient = fromClient;
        this.tracker = ws == null ? null : new FrameTracker(fromClient, ws.allowedRsv(), ws.maxFrameSize(),
                ws.maxMessageSize(), target.alloc(), this);
    }

    Tunnel tunnel() {
        return tunnel;
    }

    boolean isDone() {
        return done;
    }

    boolean fromClient() {
        return fromClient;
    }

    /** Whether a close frame has passed in this direction (the side started or answered a closing handshake). */
    boolean closeFrameSeen() {
        return closeFrameSeen;
    }

    /** The code of the close frame that passed in this direction, 0 if none. */
    int closeCode() {
        return closeCode;
    }

    /** Bytes read from this side. */
    long bytes() {
        return bytes;
    }

    /** The direction's frame tracker, or null for an opaque tunnel. */
    FrameTracker tracker() {
        return tracker;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (tracker != null) {
            tracker.release();
        }
        if (pendingInjections != null) {
            pendingInjections.forEach(ByteBuf::release);
            pendingInjections.clear();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (done || !target.isActive() || tunnel.isClosing()) {
            buf.release();
            return;
        }
        bytes += buf.readableBytes();
        if (tracker == null) {
            target.write(buf, target.voidPromise());
        } else {
            tracker.accept(buf);
        }
    }

    @Override
    public void forward(ByteBuf out) {
        if (closeInjected) {
            out.release();
            return;
        }
        target.write(out, target.voidPromise());
    }

    @Override
    public void controlFrame(int opcode, ByteBuf frame, ByteBuf payload) {
        try {
            if (opcode == ControlFrames.PONG && tunnel.isOwnPong(this, payload)) {
                frame.release();
                return;
            }
            if (opcode == ControlFrames.CLOSE) {
                closeFrameSeen = true;
                closeCode = ControlFrames.closeCode(payload);
                tunnel.noteClose(fromClient ? "client" : "backend", closeCode);
                if (closeInjected) {
                    // The answer to a close the proxy already sent the target on this side's behalf.
                    frame.release();
                    tunnel.closingHandshakeDone();
                    return;
                }
                forward(frame);
                tunnel.closeFramePassed(this);
                return;
            }
            forward(frame);
        } finally {
            payload.release();
        }
    }

    @Override
    public void violation(int code, String reason) {
        tunnel.violation(this, code, reason);
    }

    @Override
    public boolean awaitsFrameBoundary() {
        return pendingInjections != null && !pendingInjections.isEmpty();
    }

    @Override
    public void frameEnded(boolean messageEnded) {
        if (pendingInjections != null) {
            ByteBuf frame;
            while ((frame = pendingInjections.poll()) != null) {
                writeInjected(frame);
            }
        }
    }

    private void writeInjected(ByteBuf frame) {
        if (closeInjected) {
            frame.release();
            return;
        }
        closeInjected = (frame.getByte(frame.readerIndex()) & 0x0F) == ControlFrames.CLOSE;
        target.writeAndFlush(frame, target.voidPromise());
    }

    /** Writes a frame the proxy originates toward the target, now if at a frame boundary, else at the next one. */
    void inject(ByteBuf frame) {
        if (tracker == null || tracker.atFrameBoundary()) {
            writeInjected(frame);
        } else {
            if (pendingInjections == null) {
                pendingInjections = new ArrayDeque<>(2);
            }
            pendingInjections.add(frame);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        tunnel.readFrom(this);
        target.flush();
        requestRead();
    }

    /** Asks for the next batch if the target can take it; otherwise waits for its writability event. */
    void requestRead() {
        if (done) {
            return;
        }
        if (target.isWritable()) {
            waitingForTarget = false;
            ctx.read();
        } else {
            waitingForTarget = true;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // This channel's own writability changed: the relay reading from the other side depends on it.
        boolean writable = ctx.channel().isWritable();
        TunnelRelay other = tunnel.relayReadingFrom(target);
        tunnel.peerWritabilityChanged(other, writable);
        if (writable && other.waitingForTarget) {
            other.requestRead();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            if (tracker != null && !closeFrameSeen) {
                tunnel.sideLost(this, "closed the connection");
            } else {
                finishDirection();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (tracker != null && !closeFrameSeen) {
            tunnel.sideLost(this, "closed the connection");
        } else {
            tunnel.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (tracker != null) {
            tunnel.sideLost(this, "connection error");
        } else {
            tunnel.close();
        }
    }

    /** This side sent FIN: pass it on as a shutdown of the target's output once queued bytes are written. */
    private void finishDirection() {
        if (done) {
            return;
        }
        done = true;
        if (target instanceof DuplexChannel duplex && target.isActive()) {
            target.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
                if (f.isSuccess() && tunnel.relayReadingFrom(target).isDone()) {
                    // the last direction: the pair closes now, and the close sends the FIN a shutdown would (and
                    // spares Netty's ChannelOutputShutdownException, whose stack trace costs more than the syscall)
                    tunnel.directionDone();
                } else if (f.isSuccess()) {
                    duplex.shutdownOutput().addListener(s -> tunnel.directionDone());
                } else {
                    tunnel.close();
                }
            });
        } else {
            tunnel.close();
        }
    }
}
