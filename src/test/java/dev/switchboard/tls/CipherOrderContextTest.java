package dev.switchboard.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.net.ssl.SSLEngine;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** ssl_prefer_server_ciphers reaches every engine of both TLS engines, whatever the engine's own default. */
class CipherOrderContextTest {

    @TempDir
    static Path dir;

    static TestCertificates certs;

    @BeforeAll
    static void certificates() {
        certs = new TestCertificates(dir).ca("ca").leaf("a", "ca", "ec", "2", "a.test");
    }

    @ParameterizedTest
    @CsvSource({"JDK, true", "JDK, false", "OPENSSL, true", "OPENSSL, false"})
    void everyEngineGetsTheConfiguredOrder(SslProvider provider, boolean serverOrder) throws Exception {
        assertThat(provider == SslProvider.JDK || OpenSsl.isAvailable()).as("OpenSSL engine loads").isTrue();
        SslContext base = SslContextBuilder.forServer(certs.path("a.crt").toFile(), certs.path("a.key").toFile())
                .sslProvider(provider).build();
        SslContext context = new CipherOrderContext(base, serverOrder);
        SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT);
        SSLEngine handlerEngine = context.newHandler(ByteBufAllocator.DEFAULT).engine();
        try {
            assertThat(engine.getSSLParameters().getUseCipherSuitesOrder()).isEqualTo(serverOrder);
            assertThat(handlerEngine.getSSLParameters().getUseCipherSuitesOrder()).isEqualTo(serverOrder);
        } finally {
            ReferenceCountUtil.release(engine);
            ReferenceCountUtil.release(handlerEngine);
        }
    }
}
