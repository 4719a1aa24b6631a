package dev.switchboard.tls;

import dev.switchboard.config.ConfigException;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLSessionContext;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Builds the server-side {@link SslContext} of one server block: every certificate/key pair in one key manager
 * (the engine picks RSA or ECDSA by what the client supports, as OpenSSL does with several
 * {@code ssl_certificate}s), ALPN offering http/1.1, nginx's protocol, cipher and session settings, and — when
 * {@code ssl_verify_client} is not off — a certificate request whose outcome {@link ClientCertificates} judges
 * after the handshake (nginx also lets the handshake finish and answers 400 over HTTP).
 */
public final class ServerContexts {

    private static final char[] STORE_PASSWORD = "switchboard".toCharArray();

    private ServerContexts() {
    }

    public static SslContext build(ServerTls tls, List<String> warnings) {
        try {
            KeyManagerFactory keys = keyManagers(tls.keys());
            if (TlsEngine.openSsl()) {
                // OpenSSL otherwise converts the chosen certificate chain and key to native form at every handshake
                keys = new OpenSslCachingX509KeyManagerFactory(keys);
            }
            SslContextBuilder b = SslContextBuilder.forServer(keys)
                    .sslProvider(TlsEngine.provider())
                    .protocols(tls.protocols())
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_1_1))
                    .sessionTimeout(tls.sessionTimeout());
            List<String> ciphers = CipherList.expand(tls.ciphers(), tls.where(), warnings);
            if (ciphers != null) {
                b.ciphers(ciphers);
            }
            if (tls.sessionCache().enabled()) {
                b.sessionCacheSize(tls.sessionCache().entries());
            }
            if (!"auto".equals(tls.ecdhCurve())) {
                if (TlsEngine.openSsl()) {
                    b.option(OpenSslContextOption.GROUPS, tls.ecdhCurve().split(":"));
                } else {
                    warnings.add("\"ssl_ecdh_curve\" needs the OpenSSL engine, ignored in " + tls.where());
                }
            }
            if (tls.verifyClient() != ClientVerify.OFF) {
                b.clientAuth(ClientAuth.OPTIONAL)
                        .trustManager(new DeferredTrustManager(tls.clientCas().toArray(new X509Certificate[0])));
            }
            SslContext context = b.build();
            return applySessionSettings(context, tls, warnings);
        } catch (javax.net.ssl.SSLException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException("cannot set up TLS: " + e.getMessage(), tls.where());
        }
    }

    /**
     * nginx's session settings and cipher order. Tickets: Netty starts every OpenSSL context with SSL_OP_NO_TICKET
     * (nginx's default is on); the JDK's tickets are a process-wide property, so "off" there is warned about. Cipher
     * order: a parameter of each engine, set by {@link CipherOrderContext} for both engines (Netty's OpenSSL
     * contexts start with the server's order, nginx's default is the client's).
     */
    private static SslContext applySessionSettings(SslContext context, ServerTls tls, List<String> warnings) {
        SSLSessionContext sessions = context.sessionContext();
        if (sessions instanceof OpenSslSessionContext openssl) {
            openssl.setSessionCacheEnabled(tls.sessionCache().enabled());
            if (tls.sessionTickets()) {
                // no keys given: clears SSL_OP_NO_TICKET and leaves the keys to BoringSSL, which makes and rotates
                // them itself (nginx's behaviour without ssl_session_ticket_key)
                openssl.setTicketKeys();
            }
        } else if (!tls.sessionTickets()) {
            warnings.add("\"ssl_session_tickets off\" needs the OpenSSL engine (the JDK's tickets are set for the "
                    + "whole process by jdk.tls.server.enableSessionTicketExtension), ignored in " + tls.where());
        }
        return new CipherOrderContext(context, tls.preferServerCiphers());
    }

    /** One in-memory key store holding every pair, read by the standard key manager. */
    static KeyManagerFactory keyManagers(List<CertifiedKey> keys) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (CertifiedKey k : keys) {
            store.setKeyEntry("key" + i++, k.key(), STORE_PASSWORD, k.chain().toArray(new X509Certificate[0]));
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, STORE_PASSWORD);
        return factory;
    }
}
