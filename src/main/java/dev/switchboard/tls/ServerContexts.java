package dev.switchboard.tls;

import dev.switchboard.config.ConfigException;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
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
            SslContextBuilder b = SslContextBuilder.forServer(keyManagers(tls.keys()))
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
            applySessionSettings(context, tls);
            return context;
        } catch (javax.net.ssl.SSLException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException("cannot set up TLS: " + e.getMessage(), tls.where());
        }
    }

    private static void applySessionSettings(SslContext context, ServerTls tls) {
        SSLSessionContext sessions = context.sessionContext();
        if (sessions instanceof OpenSslSessionContext openssl) {
            openssl.setSessionCacheEnabled(tls.sessionCache().enabled());
        }
        // ssl_session_tickets and ssl_prefer_server_ciphers are accepted but left to the engine: setting raw
        // SSL_CTX options through tcnative 2.0.84 crashes the JVM (docs/directives.md).
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
