package dev.switchboard.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.X509Certificate;

/**
 * Lets every client certificate through the handshake while naming the accepted CAs to the client: nginx verifies
 * inside the handshake but only acts on the result over HTTP (400 pages for 495/496), so the verdict is left to
 * {@link ClientCertificates} once the handshake is done.
 */
final class DeferredTrustManager extends X509ExtendedTrustManager {

    private final X509Certificate[] issuers;

    DeferredTrustManager(X509Certificate[] issuers) {
        this.issuers = issuers.clone();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // judged after the handshake
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // judged after the handshake
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // judged after the handshake
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("server side only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException("server side only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("server side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return issuers.clone();
    }
}
