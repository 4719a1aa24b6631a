package dev.switchboard.server;

import dev.switchboard.observe.Stats;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import java.nio.channels.ClosedChannelException;

/**
 * Counts how the TLS handshake of one connection on an {@code ssl} address ended, once, on the connection's event
 * loop (a plain field increment in {@link Stats}), then leaves the pipeline. It sits between the SNI/SSL handler and
 * the handshake observer:
 * <ul>
 *   <li>the handshake completion event: {@code ok}, or {@code closed} when the connection closed before the
 *       handshake ended, or {@code failed} (an alert, or bytes that are not TLS);</li>
 *   <li>the connection ends with no handshake event (it closed before a ClientHello arrived): {@code closed};</li>
 *   <li>removed by the plain-HTTP detector before any of these (the first bytes were an HTTP request, answered
 *       497): {@code plain_http}.</li>
 * </ul>
 */
final class TlsHandshakeCounter extends ChannelInboundHandlerAdapter {

    static final String NAME = "tls-count";

    private final Stats stats;
    private boolean counted;

    TlsHandshakeCounter(Stats stats) {
        this.stats = stats;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            count(done.isSuccess() ? Stats.TlsOutcome.OK
                    : done.cause() instanceof ClosedChannelException ? Stats.TlsOutcome.CLOSED
                    : Stats.TlsOutcome.FAILED);
            ctx.fireUserEventTriggered(evt);
            ctx.pipeline().remove(this);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        count(Stats.TlsOutcome.CLOSED);
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // not by itself (counted already) nor at the pipeline's end (channelInactive came first): by the detector
        count(Stats.TlsOutcome.PLAIN_HTTP);
    }

    private void count(Stats.TlsOutcome outcome) {
        if (!counted) {
            counted = true;
            stats.local().tlsHandshake(outcome);
        }
    }
}
