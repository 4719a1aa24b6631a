package dev.switchboard.upstream.health;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP check on a fresh connection (after an {@code HttpClientCodec}): sends {@code GET uri} with
 * {@code Connection: close}, passes when the status is accepted and, with a body test, when the first
 * {@value BodyMatch#LIMIT} bytes of the body pass it.
 */
final class HttpProbeHandler extends ChannelInboundHandlerAdapter {

    static final String USER_AGENT = "switchboard-health-check";

    private final HealthCheckSpec spec;
    private final String host;
    private final Promise<ProbeResult> result;
    private ByteArrayOutputStream body;

    HttpProbeHandler(HealthCheckSpec spec, String host, Promise<ProbeResult> result) {
        this.spec = spec;
        this.host = host;
        this.result = result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, spec.uri());
        request.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                result.trySuccess(ProbeResult.failed("sending the request failed: " + f.cause()));
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (result.isDone()) {
                return;
            }
            if (msg instanceof HttpResponse response) {
                if (response.decoderResult().isFailure()) {
                    result.trySuccess(ProbeResult.failed("invalid response: " + response.decoderResult().cause()));
                    return;
                }
                int status = response.status().code();
                if (!spec.status().accepts(status)) {
                    result.trySuccess(ProbeResult.failed("status " + status));
                    return;
                }
                if (spec.body() == null) {
                    result.trySuccess(ProbeResult.PASSED);
                    return;
                }
                body = new ByteArrayOutputStream();
            }
            if (msg instanceof HttpContent content && body != null) {
                ByteBuf buf = content.content();
                int room = BodyMatch.LIMIT - body.size();
                if (room > 0) {
                    byte[] bytes = new byte[Math.min(room, buf.readableBytes())];
                    buf.getBytes(buf.readerIndex(), bytes);
                    body.writeBytes(bytes);
                }
                if (msg instanceof LastHttpContent || body.size() >= BodyMatch.LIMIT) {
                    String text = body.toString(StandardCharsets.UTF_8);
                    result.trySuccess(spec.body().accepts(text) ? ProbeResult.PASSED
                            : ProbeResult.failed("body does not match " + spec.body()));
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        result.trySuccess(ProbeResult.failed("connection closed before the response ended"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        result.trySuccess(ProbeResult.failed(String.valueOf(cause)));
        ctx.close();
    }
}
