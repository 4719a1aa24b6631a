package dev.switchboard.tls;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Position;
import dev.switchboard.config.model.Settings;
import dev.switchboard.proxy.UpstreamTls;
import dev.switchboard.vars.RequestContext;
import dev.switchboard.vars.Template;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * The client side of {@code proxy_pass https://}, from the location's {@code proxy_ssl_*} settings with nginx's
 * defaults: no verification ({@code proxy_ssl_verify off} — Netty 4.2 would check host names by default, so the
 * endpoint identification is set explicitly), no SNI unless {@code proxy_ssl_server_name on}, the name being
 * {@code proxy_ssl_name} (default: the proxy_pass host). The handshake runs under proxy_connect_timeout.
 */
public final class BackendTls implements UpstreamTls {

    private final SslContext context;
    private final boolean sendServerName;
    private final boolean verify;
    private final Template name;
    private final long handshakeTimeoutMillis;

    private BackendTls(SslContext context, boolean sendServerName, boolean verify, Template name,
                       long handshakeTimeoutMillis) {
        this.context = context;
        this.sendServerName = sendServerName;
        this.verify = verify;
        this.name = name;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /** Builds the context for one proxy location; {@code where} is its proxy_pass, for errors. */
    public static BackendTls of(Settings s, Path prefix, Position where, long connectTimeoutMillis) {
        boolean verify = s.get(TlsSettings.PROXY_VERIFY);
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(TlsEngine.provider())
                    .protocols(s.get(TlsSettings.PROXY_PROTOCOLS));
            if (verify) {
                List<java.security.cert.X509Certificate> trusted =
                        ServerTls.certificates(s.get(TlsSettings.PROXY_TRUSTED_CERTIFICATE), prefix);
                if (trusted.isEmpty()) {
                    throw new ConfigException("no proxy_ssl_trusted_certificate for proxy_ssl_verify", where);
                }
                b.trustManager(trustManager(trusted, s.get(TlsSettings.PROXY_VERIFY_DEPTH)))
                        .endpointIdentificationAlgorithm("HTTPS");
            } else {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
            }
            if (s.get(TlsSettings.PROXY_CERTIFICATE) != null) {
                if (s.get(TlsSettings.PROXY_CERTIFICATE_KEY) == null) {
                    throw new ConfigException("no \"proxy_ssl_certificate_key\" is defined for certificate \""
                            + s.get(TlsSettings.PROXY_CERTIFICATE).text() + "\"", where);
                }
                CertifiedKey pair = KeyPairs.load(s.get(TlsSettings.PROXY_CERTIFICATE),
                        s.get(TlsSettings.PROXY_CERTIFICATE_KEY),
                        KeyPairs.passwords(s.get(TlsSettings.PROXY_PASSWORD_FILE), prefix), prefix);
                b.keyManager(pair.key(), pair.chain());
            }
            List<String> ciphers = CipherList.expand(s.get(TlsSettings.PROXY_CIPHERS), where, new java.util.ArrayList<>());
            if (ciphers != null) {
                b.ciphers(ciphers);
            }
            if (!s.get(TlsSettings.PROXY_SESSION_REUSE)) {
                b.sessionCacheSize(1);
            }
            return new BackendTls(b.build(), s.get(TlsSettings.PROXY_SERVER_NAME), verify,
                    s.get(TlsSettings.PROXY_NAME), connectTimeoutMillis);
        } catch (javax.net.ssl.SSLException | java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException("cannot set up TLS to the backend: " + e.getMessage(), where);
        }
    }

    private static javax.net.ssl.TrustManager trustManager(List<java.security.cert.X509Certificate> trusted, int depth)
            throws java.security.GeneralSecurityException {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new java.security.GeneralSecurityException(e);
        }
        int i = 0;
        for (java.security.cert.X509Certificate c : trusted) {
            store.setCertificateEntry("ca" + i++, c);
        }
        javax.net.ssl.TrustManagerFactory factory =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (javax.net.ssl.TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof javax.net.ssl.X509ExtendedTrustManager x509) {
                return new DepthLimitedTrustManager(x509, trusted, depth);
            }
        }
        throw new java.security.GeneralSecurityException("no X.509 trust manager");
    }

    @Override
    public ChannelHandler newHandler(ByteBufAllocator alloc, String proxyHost, int port, RequestContext request) {
        String host = name != null ? name.evaluate(request) : proxyHost;
        SslHandler handler = sendServerName || verify ? context.newHandler(alloc, host, port)
                : context.newHandler(alloc);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }
}
