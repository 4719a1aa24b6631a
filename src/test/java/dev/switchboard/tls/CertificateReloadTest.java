package dev.switchboard.tls;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Parser;
import dev.switchboard.server.ConfigLoader;
import dev.switchboard.server.Runtime;
import dev.switchboard.server.Switchboard;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import dev.switchboard.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 4: certificate files replaced on disk are picked up by a reload (Switchboard.reload with the recompiled
 * configuration): new handshakes get the new certificate, while a wss connection opened before keeps working. As in
 * nginx, the files are read when the configuration is loaded, not before.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CertificateReloadTest {

    @TempDir
    Path prefix;

    private static final String CONFIG = """
            events { worker_connections 1024; }
            http {
              server {
                listen 127.0.0.1:%d ssl;
                server_name localhost;
                ssl_certificate tls/server.crt;
                ssl_certificate_key tls/server.key;
                location /ws {
                  proxy_pass http://127.0.0.1:%d;
                  proxy_http_version 1.1;
                  proxy_set_header Upgrade $http_upgrade;
                  proxy_set_header Connection "upgrade";
                }
              }
            }
            """;

    private Runtime compile(String text) {
        return ConfigLoader.compile(Parser.parseString(text, "reload.conf", prefix), prefix);
    }

    private static X509Certificate read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** The certificate a fresh JDK handshake (new context: no session to resume) is served, SNI localhost. */
    private static X509Certificate served(TestCertificates certs, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) certs.trusting("ca").getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(java.util.List.of(new SNIHostName("localhost")));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static void install(TestCertificates certs, String name) throws Exception {
        Files.copy(certs.path(name + ".crt"), certs.path("server.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certs.path(name + ".key"), certs.path("server.key"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void echo(WsClient client, String text) throws InterruptedException {
        client.socket().sendText(text, true).join();
        assertThat(client.next().text()).isEqualTo(text);
    }

    @Test
    void reloadServesTheReplacedCertificateToNewHandshakesAndKeepsOpenWss() throws Exception {
        Files.createDirectories(prefix.resolve("tls"));
        TestCertificates certs = new TestCertificates(prefix.resolve("tls")).ca("ca")
                .leaf("first", "ca", "rsa:2048", "2", "localhost")
                .leaf("second", "ca", "ec", "2", "reloaded.test", "localhost");
        X509Certificate first = read(certs.path("first.crt"));
        X509Certificate second = read(certs.path("second.crt"));
        assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        install(certs, "first");
        int port = TestProxy.freePort();
        try (TestBackend backend = new TestBackend("WS");
             Switchboard server = Switchboard.start(compile(CONFIG.formatted(port, backend.port())), prefix)) {
            String url = "wss://localhost:" + port + "/ws";
            HttpClient http = HttpClient.newBuilder().sslContext(certs.trusting("ca"))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            assertThat(served(certs, port).getSerialNumber()).isEqualTo(first.getSerialNumber());
            WsClient before = WsClient.connect(http, url);
            echo(before, "before the reload");

            install(certs, "second");
            assertThat(served(certs, port).getSerialNumber()).as("files are read at (re)load time, as in nginx")
                    .isEqualTo(first.getSerialNumber());

            server.reload(compile(CONFIG.formatted(port, backend.port())));
            X509Certificate now = served(certs, port);
            assertThat(now.getSerialNumber()).isEqualTo(second.getSerialNumber());
            assertThat(now.getSubjectX500Principal().getName()).contains("CN=reloaded.test");
            assertThat(certs.sClient(port, "localhost", "-CAfile", "ca.crt", "-verify_return_error"))
                    .contains("Peer certificate: CN = reloaded.test").contains("Signature type: ECDSA")
                    .contains("Verification: OK");

            echo(before, "after the reload, on the connection opened before it");
            WsClient after = WsClient.connect(HttpClient.newBuilder().sslContext(certs.trusting("ca"))
                    .connectTimeout(Duration.ofSeconds(5)).build(), url);
            echo(after, "a new wss connection with the new certificate");
            echo(before, "still here");
            assertThat(server.openTunnels()).isEqualTo(2);
        }
    }

    @Test
    void aReplacedKeyThatDoesNotMatchIsRejectedAndTheOldCertificateStays() throws Exception {
        Files.createDirectories(prefix.resolve("tls"));
        TestCertificates certs = new TestCertificates(prefix.resolve("tls")).ca("ca")
                .leaf("first", "ca", "rsa:2048", "2", "localhost")
                .leaf("second", "ca", "rsa:2048", "2", "localhost");
        X509Certificate first = read(certs.path("first.crt"));
        install(certs, "first");
        int port = TestProxy.freePort();
        try (TestBackend backend = new TestBackend("WS");
             Switchboard server = Switchboard.start(compile(CONFIG.formatted(port, backend.port())), prefix)) {
            WsClient before = WsClient.connect(HttpClient.newBuilder().sslContext(certs.trusting("ca")).build(),
                    "wss://localhost:" + port + "/ws");
            echo(before, "before");
            // a half-finished replacement: the new certificate with the old key
            Files.copy(certs.path("second.crt"), certs.path("server.crt"), StandardCopyOption.REPLACE_EXISTING);
            assertThatThrownBy(() -> compile(CONFIG.formatted(port, backend.port())))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("reload.conf:");
            assertThat(served(certs, port).getSerialNumber()).isEqualTo(first.getSerialNumber());
            echo(before, "after the rejected reload");
            assertThat(server.openTunnels()).isEqualTo(1);
        }
    }
}
