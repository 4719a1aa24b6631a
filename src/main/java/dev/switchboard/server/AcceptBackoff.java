package dev.switchboard.server;

import dev.switchboard.observe.Stats;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The listening channel's answer to a failed {@code accept()}, above all EMFILE when the process is out of file
 * descriptors: the failure is counted, accepting pauses for {@link #PAUSE_MILLIS} and is then retried, so a full
 * descriptor table is neither a busy loop nor a stop (nginx disables its accept events for
 * {@code accept_mutex_delay}, 500 ms, in the same case). The pending connections wait in the listen backlog and are
 * accepted as soon as descriptors free up. One line is logged when a run of failures starts and one when accepting
 * works again, not one per retry. Sits before Netty's acceptor, which would otherwise pause for a second and log
 * each failure with a stack trace as an unhandled exception.
 */
final class AcceptBackoff extends ChannelInboundHandlerAdapter {

    static final long PAUSE_MILLIS = 100;
    private static final Logger log = LoggerFactory.getLogger(AcceptBackoff.class);

    private final Stats stats;
    private long failures;
    private long firstFailureNanos;

    AcceptBackoff(Stats stats) {
        this.stats = stats;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stats.local().acceptFailed();
        if (failures++ == 0) {
            firstFailureNanos = System.nanoTime();
            log.error("accept() on {} failed ({}); accepting again every {} ms until it works",
                    ctx.channel().localAddress(), cause.getMessage(), PAUSE_MILLIS);
        }
        if (ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(() -> {
                if (ctx.channel().isOpen()) {
                    ctx.channel().config().setAutoRead(true);
                }
            }, PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object child) {
        if (failures > 0) {
            log.warn("accept() on {} works again after {} failed attempt(s) over {} ms",
                    ctx.channel().localAddress(), failures,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstFailureNanos));
            failures = 0;
        }
        ctx.fireChannelRead(child);
    }
}
