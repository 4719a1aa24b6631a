package dev.switchboard.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpClientCodec;

import java.net.InetSocketAddress;

/**
 * Opens a backend connection on the client channel's own event loop, with reads explicit (auto-read off), the
 * proxy's write watermarks, {@code proxy_connect_timeout}, TLS for https backends, and an HTTP client codec feeding
 * {@code handler}.
 */
final class UpstreamConnector {

    static final WriteBufferWaterMark WATERMARKS = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private UpstreamConnector() {
    }

    /**
     * @param tls makes the TLS handler for an https backend (first in the pipeline), or null for plain http
     */
    static ChannelFuture connect(Channel client, InetSocketAddress address, long connectTimeoutMillis,
                                 java.util.function.Function<Channel, io.netty.channel.ChannelHandler> tls,
                                 UpstreamResponseHandler handler) {
        return new Bootstrap()
                .group(client.eventLoop())
                .channel(Transports.socketChannelFor(client))
                // the client side's allocator: one pool per event loop for both sides of a tunnel, not a second
                // allocator (Netty's default, adaptive) with chunks of its own
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATERMARKS)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, connectTimeoutMillis)))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.apply(ch));
                        }
                        ch.pipeline().addLast("http", new HttpClientCodec(4096, 64 * 1024, 64 * 1024));
                        ch.pipeline().addLast("response", handler);
                    }
                })
                .connect(address);
    }
}
