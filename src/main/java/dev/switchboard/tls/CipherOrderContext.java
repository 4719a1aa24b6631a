package dev.switchboard.tls;

import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * A JDK-engine server context whose engines choose the cipher suite by the server's order
 * ({@code ssl_prefer_server_ciphers on}) or by the client's (off, nginx's default). The JDK has this as a parameter
 * of each engine rather than of the context, so it is set on every engine the context makes.
 */
final class CipherOrderContext extends DelegatingSslContext {

    private final boolean serverOrder;

    CipherOrderContext(SslContext context, boolean serverOrder) {
        super(context);
        this.serverOrder = serverOrder;
    }

    @Override
    protected void initEngine(SSLEngine engine) {
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setUseCipherSuitesOrder(serverOrder);
        engine.setSSLParameters(parameters);
    }
}
