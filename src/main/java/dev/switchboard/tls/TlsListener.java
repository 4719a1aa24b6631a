package dev.switchboard.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.util.function.Function;

/**
 * TLS on one listen address: picks the server block's context by the SNI name (nginx's server_name rules, the
 * default server when the client sends no name or an unknown one) and supplies the handlers of each connection.
 * The handshake has no timer of its own: as in nginx, the connection's client_header_timeout runs from accept
 * until the request head has arrived, handshake included.
 *
 * @param select the server block's TLS for an SNI name (null name: no SNI)
 */
public record TlsListener(Function<String, ServerTlsContext> select) {

    /** A server block's context and the settings it was built from. */
    public record ServerTlsContext(SslContext context, ServerTls settings) {
    }

    /** The first handler of a new connection: reads the ClientHello, then becomes the SslHandler. */
    public ChannelHandler sniHandler() {
        return new SniHandler(name -> select.apply(name).context(), 0L) {
            @Override
            protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
                SslHandler handler = super.newSslHandler(context, allocator);
                handler.setHandshakeTimeoutMillis(0);
                return handler;
            }
        };
    }

    /**
     * Goes before the handlers named {@code tlsHandlers}: removes them when the client speaks plain HTTP, so that
     * it gets nginx's 497 answer instead of a dropped connection.
     */
    public ChannelHandler plainHttpDetector(String... tlsHandlers) {
        return new PlainHttpDetector(tlsHandlers);
    }

    /** Records the connection's {@link TlsConnection} when the handshake completes; goes right after SNI. */
    public ChannelHandler handshakeObserver() {
        return new HandshakeObserver(this);
    }
}
