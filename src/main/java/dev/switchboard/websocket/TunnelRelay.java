package dev.switchboard.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * Relays what one channel reads to its peer, unchanged. Reads happen one batch at a time: after a batch is written
 * and flushed, the next read is requested only if the peer is writable; otherwise the peer's writability event
 * resumes it. Buffers are handed over, never copied.
 */
final class TunnelRelay extends ChannelInboundHandlerAdapter {

    private final Tunnel tunnel;
    private final Channel target;
    private final boolean fromClient;
    private ChannelHandlerContext ctx;
    private boolean waitingForTarget;
    private boolean done;

    TunnelRelay(Tunnel tunnel, Channel target, boolean fromClient) {
        this.tunnel = tunnel;
        this.target = target;
        this.fromClient = fromClient;
    }

    boolean isDone() {
        return done;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            if (done || !target.isActive()) {
                buf.release();
                return;
            }
            target.write(buf, target.voidPromise());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        tunnel.activity();
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
            finishDirection();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        tunnel.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        tunnel.close();
    }

    /** This side sent FIN: pass it on as a shutdown of the target's output once queued bytes are written. */
    private void finishDirection() {
        if (done) {
            return;
        }
        done = true;
        if (target instanceof DuplexChannel duplex && target.isActive()) {
            target.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(f -> {
                if (f.isSuccess()) {
                    duplex.shutdownOutput().addListener(s -> tunnel.directionDone());
                } else {
                    tunnel.close();
                }
            });
        } else {
            tunnel.close();
        }
    }

    /** Whether this relay carries client-to-backend bytes. */
    boolean fromClient() {
        return fromClient;
    }
}
