package dev.switchboard.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpClientCodec;

import java.net.InetSocketAddress;

/**
 * Opens a backend connection on the client channel's own event loop, with reads explicit (auto-read off), the
 * proxy's write watermarks, {@code proxy_connect_timeout}, and an HTTP client codec feeding {@code handler}.
 */
final class UpstreamConnector {

    static final WriteBufferWaterMark WATERMARKS = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private UpstreamConnector() {
    }

    static ChannelFuture connect(Channel client, InetSocketAddress address, long connectTimeoutMillis,
                                 UpstreamResponseHandler handler) {
        return new Bootstrap()
                .group(client.eventLoop())
                .channel(Transports.socketChannelFor(client))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATERMARKS)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, connectTimeoutMillis)))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("http", new HttpClientCodec(4096, 64 * 1024, 64 * 1024));
                        ch.pipeline().addLast("response", handler);
                    }
                })
                .connect(address);
    }
}
