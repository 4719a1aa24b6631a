package dev.switchboard.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * First on an {@code ssl} address: when the first byte is an ASCII capital (an HTTP method) rather than a TLS
 * record, the TLS handlers leave and the connection goes on as plain HTTP, so that the HTTP layer can answer as
 * nginx does — 497 "The plain HTTP request was sent to HTTPS port", which {@code error_page 497} may redirect.
 */
final class PlainHttpDetector extends ChannelInboundHandlerAdapter {

    private final String[] tlsHandlers;

    PlainHttpDetector(String... tlsHandlers) {
        this.tlsHandlers = tlsHandlers.clone();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            byte first = buf.getByte(buf.readerIndex());
            if (first >= 'A' && first <= 'Z') {
                for (String name : tlsHandlers) {
                    if (ctx.pipeline().get(name) != null) {
                        ctx.pipeline().remove(name);
                    }
                }
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }
}
