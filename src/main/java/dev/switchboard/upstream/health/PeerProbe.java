package dev.switchboard.upstream.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One health check of one address: a client channel on the checker's event loop, the handler of the check type,
 * and one timer bounding the whole check ({@code timeout=}). The channel is closed when the result is known.
 */
public final class PeerProbe {

    private PeerProbe() {
    }

    /**
     * Starts a check; never blocks.
     *
     * @param host the {@code Host} header to send (the upstream's name, as {@code proxy_pass http://name} does)
     * @return completes on {@code loop} with the result; it never fails exceptionally
     */
    public static Future<ProbeResult> run(EventLoop loop, Class<? extends Channel> channelClass,
                                          InetSocketAddress address, String host, HealthCheckSpec spec) {
        Promise<ProbeResult> result = loop.newPromise();
        long timeout = spec.timeoutMillis();
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout))
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec());
                        if (spec.type() == HealthCheckSpec.Type.WEBSOCKET) {
                            ch.pipeline().addLast(new HttpObjectAggregator(64 * 1024),
                                    new WebSocketProbeHandler(spec, host, result));
                        } else {
                            ch.pipeline().addLast(new HttpProbeHandler(spec, host, result));
                        }
                    }
                });
        ScheduledFuture<?> timer = loop.schedule(
                () -> result.trySuccess(ProbeResult.failed("timed out after " + timeout + "ms")),
                timeout, TimeUnit.MILLISECONDS);
        ChannelFuture connect = bootstrap.connect(address);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.trySuccess(ProbeResult.failed("connect failed: " + f.cause().getMessage()));
            }
        });
        result.addListener(f -> {
            timer.cancel(false);
            if (connect.channel().isRegistered()) {
                // a channel that never got a socket (EMFILE) has nothing to close, and no event loop to close it on
                connect.channel().close();
            }
        });
        return result;
    }
}
