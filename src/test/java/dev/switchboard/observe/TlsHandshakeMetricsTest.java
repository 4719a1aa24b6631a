package dev.switchboard.observe;

import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestProxy;
import dev.switchboard.tls.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code switchboard_tls_handshakes_total{outcome}}: completed handshakes, handshakes the client refused (it does not
 * trust the certificate), connections closed before a ClientHello, and plain HTTP sent to the ssl port (497). The
 * metrics are scraped from a second, plain listener so the scrapes do not count.
 */
class TlsHandshakeMetricsTest {

    @TempDir
    Path prefix;

    TestCertificates certs;
    TestProxy proxy;
    int plainPort;

    @BeforeEach
    void start() throws Exception {
        certs = new TestCertificates(prefix).ca("ca").ca("other").leaf("server", "ca", "ec", "2", "localhost");
        plainPort = TestProxy.freePort();
        proxy = new TestProxy("""
                events { worker_connections 1024; }
                http {
                  server {
                    listen 127.0.0.1:PORT ssl;
                    server_name localhost;
                    ssl_certificate server.crt;
                    ssl_certificate_key server.key;
                    location / { return 200 "hello"; }
                  }
                  server {
                    listen 127.0.0.1:%d;
                    location /metrics { metrics; }
                    location /status { status_page; }
                  }
                }
                """.formatted(plainPort), prefix);
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private String scrape(String path) {
        return RawHttp.exchange(null, plainPort, "GET " + path + " HTTP/1.1\r\nHost: m\r\nConnection: close\r\n\r\n");
    }

    private String httpsGet(SSLContext trust) throws Exception {
        try (SSLSocket s = (SSLSocket) trust.getSocketFactory().createSocket("localhost", proxy.port())) {
            s.setSoTimeout(5000);
            s.startHandshake();
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String counter(String outcome, int value) {
        return "switchboard_tls_handshakes_total{outcome=\"" + outcome + "\"} " + value + ".0";
    }

    @Test
    void handshakesAreCountedByOutcome() throws Exception {
        assertThat(scrape("/metrics")).contains(counter("ok", 0), counter("failed", 0), counter("closed", 0),
                counter("plain_http", 0));

        assertThat(httpsGet(certs.trusting("ca"))).startsWith("HTTP/1.1 200").endsWith("hello");
        assertThat(httpsGet(certs.trusting("ca"))).startsWith("HTTP/1.1 200");
        assertThatThrownBy(() -> httpsGet(certs.trusting("other"))).as("the client does not trust the certificate")
                .isInstanceOf(SSLHandshakeException.class);
        try (Socket s = new Socket()) { // connects and leaves without a ClientHello
            s.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
        }
        try (Socket s = new Socket("127.0.0.1", proxy.port())) { // a TLS record header, then nothing: closed mid-way
            s.getOutputStream().write(new byte[]{0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
            s.getOutputStream().flush();
            Thread.sleep(100);
        }
        String plain = RawHttp.exchange(null, proxy.port(), "GET / HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(plain).startsWith("HTTP/1.1 400").contains("The plain HTTP request was sent to HTTPS port");
        try (Socket s = new Socket("127.0.0.1", proxy.port())) { // not TLS, not HTTP
            s.setSoTimeout(5000);
            s.getOutputStream().write("\u0001\u0002garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            in.readAllBytes();
        } catch (java.io.IOException reset) {
            // the proxy closes the connection; a reset is as good
        }

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(scrape("/metrics"))
                .contains(counter("ok", 2), counter("failed", 2), counter("closed", 2), counter("plain_http", 1)));
        assertThat(scrape("/status.json"))
                .contains("\"tls_handshakes\":{\"ok\":2,\"failed\":2,\"closed\":2,\"plain_http\":1}");
    }
}
