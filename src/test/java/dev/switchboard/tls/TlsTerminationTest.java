package dev.switchboard.tls;

import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import dev.switchboard.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS termination over loopback: SNI between two servers on one port, variables, static files, wss, protocols. */
class TlsTerminationTest {

    @TempDir
    static Path prefix;

    static TestCertificates certs;
    static TestBackend backend;
    static TestProxy proxy;
    static byte[] bigFile;

    @BeforeAll
    static void start() throws Exception {
        certs = new TestCertificates(prefix).ca("ca")
                .leaf("a", "ca", "rsa:2048", "2", "a.test", "localhost")
                .leaf("b", "ca", "ec", "2", "b.test");
        bigFile = new byte[300_000];
        new Random(7).nextBytes(bigFile);
        Files.createDirectories(prefix.resolve("files"));
        Files.write(prefix.resolve("files/big.bin"), bigFile);
        backend = new TestBackend("WS");
        proxy = new TestProxy("""
                http {
                  client_header_timeout 1s;
                  server {
                    listen 127.0.0.1:PORT ssl default_server;
                    server_name a.test localhost;
                    ssl_certificate a.crt;
                    ssl_certificate_key a.key;
                    location / { return 200 "$scheme $https $ssl_protocol $ssl_server_name $server_name"; }
                    location /files/ { root .; }
                    location /ws {
                      proxy_pass http://127.0.0.1:%d;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection upgrade;
                    }
                  }
                  server {
                    listen 127.0.0.1:PORT ssl;
                    server_name b.test;
                    ssl_certificate b.crt;
                    ssl_certificate_key b.key;
                    ssl_session_tickets off;
                    ssl_prefer_server_ciphers on;
                    ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256;
                    ssl_session_cache shared:SSL:1m;
                    ssl_session_timeout 10m;
                    error_page 497 https://$host:$server_port$request_uri;
                    location / { return 200 "b $ssl_cipher"; }
                  }
                }
                """.formatted(backend.port()), prefix);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        backend.close();
    }

    private static HttpClient client() throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(certs.trusting("ca"))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void httpsRequestSeesTlsVariables() throws Exception {
        HttpResponse<String> r = client().send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + proxy.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("https on TLSv1.3 ").endsWith(" a.test");
    }

    @Test
    void staticFilesGoThroughTls() throws Exception {
        HttpResponse<byte[]> r = client().send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + proxy.port() + "/files/big.bin")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(bigFile);
    }

    @Test
    void wssReachesAPlainWebSocketBackend() throws Exception {
        WsClient ws = WsClient.connect(client(), "wss://localhost:" + proxy.port() + "/ws");
        ws.socket().sendText("hello over tls", true).join();
        assertThat(ws.next().text()).isEqualTo("hello over tls");
        byte[] payload = new byte[200_000];
        new Random(3).nextBytes(payload);
        ws.socket().sendBinary(java.nio.ByteBuffer.wrap(payload), true).join();
        assertThat(ws.next().binary()).isEqualTo(payload);
    }

    @Test
    void sniPicksTheServerBlockCertificate() {
        assertThat(certs.sClient(proxy.port(), "b.test")).contains("CN = b.test");
        assertThat(certs.sClient(proxy.port(), "a.test")).contains("CN = a.test");
        assertThat(certs.sClient(proxy.port(), null)).as("no SNI: default server").contains("CN = a.test");
        assertThat(certs.sClient(proxy.port(), "unknown.test")).contains("CN = a.test");
    }

    @Test
    void defaultProtocolsAreTls12And13() {
        assertThat(certs.sClient(proxy.port(), "a.test", "-tls1_2")).contains("Protocol version: TLSv1.2");
        assertThat(certs.sClient(proxy.port(), "a.test", "-tls1_3")).contains("Protocol version: TLSv1.3");
        assertThat(certs.sClient(proxy.port(), "a.test", "-tls1_1")).doesNotContain("Protocol version");
    }

    @Test
    void plainHttpToTheSslPortGetsNginx497() throws Exception {
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + proxy.port() + "/x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("The plain HTTP request was sent to HTTPS port");
        String redirected = dev.switchboard.testing.RawHttp.exchange("127.0.0.1", proxy.port(),
                "GET /x?y HTTP/1.1\r\nHost: b.test\r\n\r\n");
        assertThat(redirected).startsWith("HTTP/1.1 302")
                .contains("\r\nLocation: https://b.test:" + proxy.port() + "/x?y\r\n");
    }

    @Test
    void handshakeRunsUnderClientHeaderTimeout() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(0x16);
            long start = System.nanoTime();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(800));
        }
    }

    @Test
    void alpnOffersHttp11() {
        assertThat(certs.opensslWithInput("", "s_client", "-connect", "127.0.0.1:" + proxy.port(),
                "-servername", "a.test", "-alpn", "h2,http/1.1"))
                .contains("ALPN protocol: http/1.1");
    }

    @Test
    void sessionTicketsAreIssuedUnlessSwitchedOff() {
        // nginx's default (a.test) issues a ticket; b.test has ssl_session_tickets off. TLS 1.2: s_client prints it.
        assertThat(fullHandshake("a.test", "-tls1_2")).contains("TLS session ticket lifetime hint");
        assertThat(fullHandshake("b.test", "-tls1_2")).contains("Session-ID:")
                .doesNotContain("TLS session ticket lifetime hint");
        // a.test resumes from its ticket (no session cache: nginx's default "none")
        assertThat(fullHandshake("a.test", "-tls1_2", "-sess_out", "a.session")).contains("New, TLSv1.2");
        assertThat(fullHandshake("a.test", "-tls1_2", "-sess_in", "a.session")).contains("Reused, TLSv1.2");
    }

    @Test
    void clientCipherOrderWinsUnlessTheServerPrefersItsOwn() {
        String rsa256 = "ECDHE-RSA-AES256-GCM-SHA384";
        String rsa128 = "ECDHE-RSA-AES128-GCM-SHA256";
        assertThat(certs.sClient(proxy.port(), "a.test", "-tls1_2", "-cipher", rsa128 + ":" + rsa256))
                .contains("Ciphersuite: " + rsa128);
        assertThat(certs.sClient(proxy.port(), "a.test", "-tls1_2", "-cipher", rsa256 + ":" + rsa128))
                .contains("Ciphersuite: " + rsa256);
        // b.test: ssl_prefer_server_ciphers on with AES256 first in its ssl_ciphers
        String ec256 = "ECDHE-ECDSA-AES256-GCM-SHA384";
        String ec128 = "ECDHE-ECDSA-AES128-GCM-SHA256";
        assertThat(certs.sClient(proxy.port(), "b.test", "-tls1_2", "-cipher", ec128 + ":" + ec256))
                .contains("Ciphersuite: " + ec256);
        assertThat(certs.sClient(proxy.port(), "b.test", "-tls1_2", "-cipher", ec256 + ":" + ec128))
                .contains("Ciphersuite: " + ec256);
    }

    private String fullHandshake(String sni, String... options) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("s_client", "-connect",
                "127.0.0.1:" + proxy.port(), "-servername", sni));
        args.addAll(java.util.List.of(options));
        return certs.opensslWithInput("", args.toArray(new String[0]));
    }
}
