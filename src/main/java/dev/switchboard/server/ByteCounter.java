package dev.switchboard.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

/**
 * Counts the encoded bytes written to a client connection ({@code $bytes_sent}); a plain field, on the event loop.
 * Sits just below the HTTP codec and leaves the pipeline when the connection is upgraded (tunnels count their own).
 */
final class ByteCounter extends ChannelOutboundHandlerAdapter {

    static final String NAME = "bytes";
    long written;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            written += buf.readableBytes();
        } else if (msg instanceof ByteBufHolder holder) {
            written += holder.content().readableBytes();
        } else if (msg instanceof FileRegion region) {
            written += region.count();
        }
        ctx.write(msg, promise);
    }
}
