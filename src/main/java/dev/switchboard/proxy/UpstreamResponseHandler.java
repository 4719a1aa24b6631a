package dev.switchboard.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * Feeds what the backend sends back to its {@link ProxyCall}: the response head, body pieces, end of batch, close.
 * An invalid response head is nginx's {@code invalid_header} failure. Once the call has given up on this
 * connection (it moved on to another peer), whatever still arrives here is dropped.
 */
final class UpstreamResponseHandler extends ChannelInboundHandlerAdapter {

    private final ProxyCall call;

    UpstreamResponseHandler(ProxyCall call) {
        this.call = call;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!call.isCurrent(ctx.channel()) && !(msg instanceof ByteBuf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                call.invalidHeader(response.decoderResult().cause());
                return;
            }
            call.onResponseHead(response);
            if (response.status().code() == 101 || !call.isCurrent(ctx.channel())) {
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        if (msg instanceof HttpContent content) {
            call.onResponseContent(content);
        } else if (msg instanceof ByteBuf buf) {
            // Bytes after a 101 that the codec passed on raw; the tunnel is being installed behind us.
            ctx.fireChannelRead(buf);
        } else if (!(msg instanceof HttpResponse)) {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (call.isCurrent(ctx.channel())) {
            call.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (call.isCurrent(ctx.channel())) {
            call.onUpstreamClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (call.isCurrent(ctx.channel())) {
            call.upstreamBroken("reading response", cause);
        }
    }
}
