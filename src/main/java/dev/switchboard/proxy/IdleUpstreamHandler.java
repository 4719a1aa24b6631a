package dev.switchboard.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Watches a backend connection while it sits idle in a {@link KeepalivePool} (nginx's
 * {@code ngx_http_upstream_keepalive_close_handler}): a read stays requested so that the backend closing the
 * connection is seen at once; the close, any byte the backend sends while no request is outstanding, an error, or
 * {@code keepalive_timeout} expiring closes the connection and takes it out of the cache.
 */
final class IdleUpstreamHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "idle";

    private final Runnable evict;
    private ScheduledFuture<?> timer;

    private IdleUpstreamHandler(Runnable evict) {
        this.evict = evict;
    }

    /** Installs the watcher as the channel's last handler. Call on the channel's loop. */
    static void attach(Channel channel, long timeoutMillis, Runnable evict) {
        IdleUpstreamHandler handler = new IdleUpstreamHandler(evict);
        channel.pipeline().addLast(NAME, handler);
        if (timeoutMillis > 0) {
            handler.timer = channel.eventLoop().schedule(handler::expire, timeoutMillis, TimeUnit.MILLISECONDS);
        }
        handler.channel = channel;
        channel.read();
    }

    /** Removes the watcher (the connection leaves the cache, for reuse or to be closed). */
    static void detach(Channel channel) {
        IdleUpstreamHandler handler = (IdleUpstreamHandler) channel.pipeline().get(NAME);
        if (handler != null) {
            handler.cancelTimer();
            channel.pipeline().remove(handler);
        }
    }

    private Channel channel;

    private void expire() {
        timer = null;
        dropFromCache();
    }

    private void dropFromCache() {
        cancelTimer();
        evict.run();
        if (channel.pipeline().get(NAME) == this) {
            channel.pipeline().remove(this);
        }
        channel.close();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        dropFromCache();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dropFromCache();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        dropFromCache();
    }
}
