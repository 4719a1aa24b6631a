package dev.switchboard.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The control frames a client connection receives (the proxy's keepalive pings, a close), collected across reads
 * and answered: a ping with a masked pong, a close by closing the connection. Data frames pass it by.
 */
final class ControlFrames {

    private int opcode;
    private ByteBuf payload;

    /** A frame header was read: a control frame's payload is collected from here on. */
    void header(ChannelHandlerContext ctx, int opcode, long length) {
        if (opcode >= WsFrames.OP_CLOSE) {
            this.opcode = opcode;
            payload = ctx.alloc().buffer((int) Math.max(length, 1));
        }
    }

    /** A piece of the current frame's payload. */
    void payload(ByteBuf piece) {
        if (payload != null) {
            payload.writeBytes(piece, piece.readerIndex(), piece.readableBytes());
        }
    }

    /**
     * A frame ended: answers it if it was a control frame (the pong written, and flushed when {@code flush}).
     *
     * @return true if it was a control frame, false for a data frame (the caller's to count)
     */
    boolean ended(ChannelHandlerContext ctx, int frameOpcode, boolean flush) {
        if (frameOpcode < WsFrames.OP_CLOSE) {
            return false;
        }
        byte[] bytes = ByteBufUtil.getBytes(payload);
        release();
        if (opcode == WsFrames.OP_PING) {
            ByteBuf pong = ctx.alloc().buffer(bytes.length + 6);
            WsFrames.writeFrame(pong, WsFrames.OP_PONG, bytes, true, ThreadLocalRandom.current().nextInt());
            if (flush) {
                ctx.writeAndFlush(pong, ctx.voidPromise());
            } else {
                ctx.write(pong, ctx.voidPromise());
            }
        } else if (opcode == WsFrames.OP_CLOSE) {
            ctx.close();
        }
        return true;
    }

    /** Releases a payload still being collected (the connection closed). */
    void release() {
        if (payload != null) {
            payload.release();
            payload = null;
        }
    }
}
