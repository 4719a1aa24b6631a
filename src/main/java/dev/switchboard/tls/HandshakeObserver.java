package dev.switchboard.tls;

import dev.switchboard.vars.AddressFormat;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * Waits for the SNI name and the end of the handshake, then stores the connection's {@link TlsConnection}
 * (including the verdict on a client certificate) and leaves the pipeline. A failed handshake is logged at
 * info, as nginx logs "SSL_do_handshake() failed", and the connection closes.
 */
final class HandshakeObserver extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HandshakeObserver.class);

    private final TlsListener listener;
    private String serverName;

    HandshakeObserver(TlsListener listener) {
        this.listener = listener;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SniCompletionEvent sni) {
            serverName = sni.hostname();
        } else if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                record(ctx);
            } else {
                log.info("TLS handshake with {} failed: {}", AddressFormat.withPort(ctx.channel().remoteAddress()),
                        done.cause() == null ? "?" : done.cause().getMessage());
                ctx.close();
            }
            ctx.pipeline().remove(this);
        }
        super.userEventTriggered(ctx, evt);
    }

    private void record(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        SSLSession session = ssl.engine().getSession();
        ServerTls tls = listener.select().apply(serverName).settings();
        // without a certificate request there is no peer chain: asking would only build and throw an exception
        X509Certificate[] chain = tls.verifyClient() == ClientVerify.OFF ? null : peerChain(session);
        String verdict = tls.verifyClient() == ClientVerify.OFF ? ClientCertificates.NONE
                : ClientCertificates.verify(chain, tls);
        ctx.channel().attr(TlsConnection.KEY).set(new TlsConnection(session.getProtocol(), cipherName(session),
                serverName, ssl.applicationProtocol(), verdict,
                chain == null || chain.length == 0 ? null : chain[0],
                ClientCertificates.rejectStatus(tls.verifyClient(), verdict)));
    }

    private static X509Certificate[] peerChain(SSLSession session) {
        try {
            Certificate[] certs = session.getPeerCertificates();
            X509Certificate[] out = new X509Certificate[certs.length];
            for (int i = 0; i < certs.length; i++) {
                out[i] = (X509Certificate) certs[i];
            }
            return out;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** nginx reports OpenSSL's cipher names ({@code ECDHE-RSA-AES128-GCM-SHA256}); both engines give IANA ones. */
    private static String cipherName(SSLSession session) {
        String name = session.getCipherSuite();
        String openssl = io.netty.handler.ssl.CipherSuiteConverter.toOpenSsl(name, TlsEngine.openSsl());
        return openssl != null ? openssl : name;
    }
}
