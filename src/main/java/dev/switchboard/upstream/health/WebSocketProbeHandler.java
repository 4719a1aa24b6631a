package dev.switchboard.upstream.health;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.Promise;

import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket check on a fresh connection (after an {@code HttpClientCodec} and an {@code HttpObjectAggregator}):
 * the opening handshake of RFC 6455 section 4.1 ({@code GET} with {@code Upgrade}, {@code Connection},
 * {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version: 13}); it passes on {@code 101} with the matching
 * {@code Sec-WebSocket-Accept} (Netty's handshaker checks status, headers and the accept value). With
 * {@code ping} it then sends a masked ping with a random payload and passes only when the pong echoing that
 * payload arrives (section 5.5.3). Either way it ends with a close frame (1000).
 */
final class WebSocketProbeHandler extends SimpleChannelInboundHandler<Object> {

    private final WebSocketClientHandshaker handshaker;
    private final boolean ping;
    private final Promise<ProbeResult> result;
    private ByteBuf pingPayload;

    WebSocketProbeHandler(HealthCheckSpec spec, String host, Promise<ProbeResult> result) {
        HttpHeaders headers = new DefaultHttpHeaders()
                .set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.USER_AGENT, HttpProbeHandler.USER_AGENT);
        // only the path of this URI is sent; the peer's address comes from the connection
        this.handshaker = WebSocketClientHandshakerFactory.newHandshaker(URI.create("ws://localhost" + spec.uri()),
                WebSocketVersion.V13, null, true, headers, 64 * 1024);
        this.ping = spec.ping();
        this.result = result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        handshaker.handshake(ctx.channel()).addListener(f -> {
            if (!f.isSuccess()) {
                result.trySuccess(ProbeResult.failed("sending the handshake failed: " + f.cause()));
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (result.isDone()) {
            return;
        }
        if (!handshaker.isHandshakeComplete()) {
            if (!(msg instanceof FullHttpResponse response)) {
                return;
            }
            try {
                handshaker.finishHandshake(ctx.channel(), response);
            } catch (WebSocketClientHandshakeException e) {
                result.trySuccess(ProbeResult.failed("handshake: " + e.getMessage()));
                return;
            }
            if (!ping) {
                closeAndPass(ctx);
                return;
            }
            byte[] payload = new byte[8];
            ThreadLocalRandom.current().nextBytes(payload);
            pingPayload = Unpooled.wrappedBuffer(payload);
            ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload)));
            return;
        }
        if (msg instanceof PongWebSocketFrame pong && pingPayload != null && pong.content().equals(pingPayload)) {
            closeAndPass(ctx);
        } else if (msg instanceof CloseWebSocketFrame close) {
            result.trySuccess(ProbeResult.failed("closed (" + close.statusCode() + ") before the pong"));
        } else if (!(msg instanceof WebSocketFrame)) {
            result.trySuccess(ProbeResult.failed("unexpected " + msg.getClass().getSimpleName()));
        }
        // other data frames (a greeting, say) and unsolicited pongs are ignored
    }

    private void closeAndPass(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
        result.trySuccess(ProbeResult.PASSED);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        result.trySuccess(ProbeResult.failed(handshaker.isHandshakeComplete()
                ? "connection closed before the pong" : "connection closed before the handshake response"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        result.trySuccess(ProbeResult.failed(String.valueOf(cause)));
        ctx.close();
    }
}
