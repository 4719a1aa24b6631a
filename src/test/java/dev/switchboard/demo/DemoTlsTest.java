package dev.switchboard.demo;

import dev.switchboard.config.Parser;
import dev.switchboard.server.ConfigLoader;
import dev.switchboard.server.Switchboard;
import dev.switchboard.testing.TestProxy;
import dev.switchboard.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code switchboard demo} also serves wss:// with a self-signed certificate made once and kept under the prefix. */
class DemoTlsTest {

    @TempDir
    Path prefix;

    @Test
    void wssWorksWithTheGeneratedCertificateWhichIsKept() throws Exception {
        int port = TestProxy.freePort();
        int tlsPort = TestProxy.freePort();
        try (Demo demo = new Demo(prefix, port, tlsPort)) {
            assertThat(demo.certificate().created()).isTrue();
            assertThat(Files.readString(demo.config())).contains("listen " + tlsPort + " ssl;");
            try (Switchboard sb = Switchboard.start(ConfigLoader.compile(Parser.parseFile(demo.config()), prefix),
                    prefix)) {
                HttpClient client = HttpClient.newBuilder().sslContext(trusting(demo.certificate().certificate()))
                        .build();
                WsClient ws = WsClient.connect(client, "wss://localhost:" + tlsPort + "/ws");
                ws.socket().sendText("hi", true).join();
                assertThat(ws.next().text()).isNotEmpty();
            }
        }
        try (Demo again = new Demo(prefix, TestProxy.freePort(), TestProxy.freePort())) {
            assertThat(again.certificate().created()).as("kept from the first start").isFalse();
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            store.setCertificateEntry("demo", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
