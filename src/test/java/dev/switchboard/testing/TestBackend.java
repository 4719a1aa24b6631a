package dev.switchboard.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend for tests: plain HTTP requests get 200 with the request line and headers it received in the body (and
 * {@code X-Backend: name}); WebSocket upgrades on any path are accepted and every data frame is echoed back as is,
 * except the text "whoami", answered with the backend's name. Records every request head it saw.
 */
public final class TestBackend implements AutoCloseable {

    private final String name;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    private final List<FullHttpRequest> seen = new CopyOnWriteArrayList<>();
    private final List<String> seenHeads = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger dataFrames = new java.util.concurrent.atomic.AtomicInteger();

    private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();

    public TestBackend(String name) {
        this(name, new InetSocketAddress("127.0.0.1", 0));
    }

    /** A backend bound to {@code bind} (e.g. another 127.0.0.x address, for DNS-discovered peers). */
    public TestBackend(String name, InetSocketAddress bind) {
        this.name = name;
        this.channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.incrementAndGet();
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 << 20),
                                new Recorder(),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/").checkStartsWith(true).subprotocols("chat, superchat")
                                        .allowExtensions(true).maxFramePayloadLength(64 << 20)
                                        .handleCloseFrames(true).dropPongFrames(false).build()),
                                new Echo());
                    }
                })
                .bind(bind).syncUninterruptibly().channel();
    }

    /** TCP connections accepted so far. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public String name() {
        return name;
    }

    /** WebSocket data frames received so far. */
    public int dataFramesReceived() {
        return dataFrames.get();
    }

    /** Request heads received, as "METHOD uri HTTP/x.y" followed by "name: value" lines. */
    public List<String> heads() {
        return seenHeads;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 200, java.util.concurrent.TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    private final class Recorder extends SimpleChannelInboundHandler<FullHttpRequest> {
        Recorder() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            StringBuilder head = new StringBuilder(req.method() + " " + req.uri() + " " + req.protocolVersion());
            for (Map.Entry<String, String> h : req.headers()) {
                head.append('\n').append(h.getKey()).append(": ").append(h.getValue());
            }
            seenHeads.add(head.toString());
            if (req.headers().contains(HttpHeaderNames.UPGRADE)) {
                ctx.fireChannelRead(req);
                return;
            }
            String body = head + "\n\n" + req.content().toString(StandardCharsets.ISO_8859_1);
            req.release();
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body, StandardCharsets.ISO_8859_1));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            res.headers().set("X-Backend", name);
            res.headers().set(HttpHeaderNames.SERVER, "test-backend");
            HttpUtil.setContentLength(res, res.content().readableBytes());
            boolean close = !HttpUtil.isKeepAlive(req) || req.protocolVersion().equals(HttpVersion.HTTP_1_0);
            if (close) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(res);
            }
        }
    }

    private final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame || frame instanceof io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame
                    || frame instanceof io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame) {
                dataFrames.incrementAndGet();
            }
            if (frame instanceof TextWebSocketFrame text && text.isFinalFragment() && text.text().equals("whoami")) {
                ctx.writeAndFlush(new TextWebSocketFrame(name));
                return;
            }
            ctx.writeAndFlush(frame.retain());
        }
    }
}
