package dev.switchboard.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A backend trust manager that also enforces {@code proxy_ssl_verify_depth}: at most {@code depth - 1}
 * intermediate certificates between the backend's certificate and a trusted one (OpenSSL's depth count, in which
 * 1 means "issued directly by a trusted CA"). Host name checks stay with the delegate.
 */
final class DepthLimitedTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final List<X509Certificate> trusted;
    private final int depth;

    DepthLimitedTrustManager(X509ExtendedTrustManager delegate, List<X509Certificate> trusted, int depth) {
        this.delegate = delegate;
        this.trusted = List.copyOf(trusted);
        this.depth = depth;
    }

    private void checkDepth(X509Certificate[] chain) throws CertificateException {
        int intermediates = 0;
        for (int i = 1; i < chain.length; i++) {
            if (!trusted.contains(chain[i])) {
                intermediates++;
            }
        }
        if (intermediates >= depth) {
            throw new CertificateException("certificate chain too long (proxy_ssl_verify_depth " + depth + ")");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        checkDepth(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
        checkDepth(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
        checkDepth(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
