package dev.switchboard.server;

import dev.switchboard.observe.Stats;
import dev.switchboard.vars.AddressFormat;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The listening channel's answer to a failed {@code accept()}, above all EMFILE when the process is out of file
 * descriptors. Each failure is counted; at the open-file cap the pending connections are taken off the backlog on
 * the {@link SpareDescriptor} and closed at once (counted as accepted but not handled, as stub_status counts
 * connections refused by worker_connections); then accepting pauses for {@link #PAUSE_MILLIS} and is retried, so a
 * full descriptor table is neither a busy loop nor a stop, and accepting resumes as soon as descriptors free up.
 * nginx pauses too (for {@code accept_mutex_delay}, 500 ms) but leaves the clients waiting in the backlog. While
 * failures go on, one error line per 10 s at most sums them up; one line says when accepting works again (a second
 * without a failure). Sits before Netty's acceptor, which would pause for a second and log every failure with a
 * stack trace.
 */
final class AcceptBackoff extends ChannelInboundHandlerAdapter {

    static final long PAUSE_MILLIS = 100;
    /** Connections refused per failed accept(), at most: bounds the time one event-loop turn spends on them. */
    static final int MAX_REFUSED_PER_PAUSE = 256;
    /** While accept() keeps failing, one line per this interval at most. */
    static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Accepting counts as working again after this long without a failure. */
    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger log = LoggerFactory.getLogger(AcceptBackoff.class);

    private final Stats stats;
    private final SpareDescriptor spare;
    /** Failures and refusals since the last line logged about them. */
    private long failures;
    private long refused;
    private long lastReportNanos;
    private long lastFailureNanos;
    private boolean reported;

    AcceptBackoff(Stats stats, SpareDescriptor spare) {
        this.stats = stats;
        this.spare = spare;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Stats.Loop counters = stats.local();
        counters.acceptFailed();
        int n = 0;
        if (outOfDescriptors(cause) && ctx.channel() instanceof UnixChannel unix
                && unix.fd() instanceof Socket listener) {
            n = spare.refusePending(listener, MAX_REFUSED_PER_PAUSE);
            for (int i = 0; i < n; i++) {
                counters.accepted(false);
            }
        }
        failures++;
        refused += n;
        long now = System.nanoTime();
        lastFailureNanos = now;
        if (!reported || now - lastReportNanos >= REPORT_EVERY_NANOS) {
            log.error("accept() on {} failed ({}): {} failure(s) and {} connection(s) refused (closed) since the last"
                    + " report; accepting again every {} ms", AddressFormat.withPort(ctx.channel().localAddress()),
                    cause.getMessage(),
                    failures, refused, PAUSE_MILLIS);
            failures = 0;
            refused = 0;
            lastReportNanos = now;
            reported = true;
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

    private static boolean outOfDescriptors(Throwable cause) {
        String message = cause.getMessage();
        return message != null && message.contains("Too many open files");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object child) {
        if (reported && System.nanoTime() - lastFailureNanos >= QUIET_NANOS) {
            log.warn("accept() on {} works again ({} failure(s) and {} connection(s) refused since the last report)",
                    AddressFormat.withPort(ctx.channel().localAddress()), failures, refused);
            failures = 0;
            refused = 0;
            reported = false;
        }
        ctx.fireChannelRead(child);
    }
}
