package dev.switchboard.proxy;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.handler.codec.http.HttpClientCodec;

import java.net.InetSocketAddress;
import java.util.function.Function;

/**
 * Opens a backend connection on the client channel's own event loop, with reads explicit (auto-read off), the
 * proxy's write watermarks, {@code proxy_connect_timeout}, TLS for https backends, and an HTTP client codec feeding
 * {@code handler}. The channel is built and configured directly rather than through a {@code Bootstrap}: a
 * bootstrap per connection costs an options map, a reflective channel factory, an initializer handler added and
 * removed, and an address-resolver check, none of which a resolved peer address needs.
 */
final class UpstreamConnector {

    private UpstreamConnector() {
    }

    /**
     * @param tls makes the TLS handler for an https backend (first in the pipeline), or null for plain http
     * @return the connect future; its channel is the new backend connection
     * @throws io.netty.channel.ChannelException when no socket can be created (EMFILE: out of file descriptors)
     */
    static ChannelFuture connect(Channel client, InetSocketAddress address, long connectTimeoutMillis,
                                 Function<Channel, ChannelHandler> tls, UpstreamResponseHandler handler) {
        Channel ch = Transports.newSocketChannel(client);
        ChannelConfig config = ch.config();
        // the client side's allocator: one pool per event loop for both sides of a tunnel, not a second allocator
        // (Netty's default, adaptive) with chunks of its own
        config.setAllocator(PooledByteBufAllocator.DEFAULT);
        config.setAutoRead(false);
        config.setOption(ChannelOption.TCP_NODELAY, true);
        config.setWriteBufferWaterMark(Backpressure.WATERMARKS);
        config.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeoutMillis)));
        ChannelPipeline pipeline = ch.pipeline();
        if (tls != null) {
            pipeline.addLast("tls", tls.apply(ch));
        }
        pipeline.addLast("http", new HttpClientCodec(4096, 64 * 1024, 64 * 1024));
        pipeline.addLast("response", handler);
        // the client's event loop as the executor: a channel whose registration failed has no event loop of its own
        ChannelPromise connected = new DefaultChannelPromise(ch, client.eventLoop());
        client.eventLoop().register(ch).addListener(registered -> {
            if (registered.isSuccess()) {
                ch.connect(address, connected);
            } else {
                if (ch.isRegistered()) {
                    ch.close();
                } else {
                    ch.unsafe().closeForcibly();
                }
                connected.tryFailure(registered.cause());
            }
        });
        return connected;
    }
}
