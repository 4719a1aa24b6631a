package dev.switchboard.tls;

import dev.switchboard.testing.TestProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Mutual TLS at the listener: ssl_verify_client on / optional_no_ca, nginx's 400 pages and $ssl_client_*. */
class ClientCertificateTest {

    @TempDir
    static Path prefix;
    static TestCertificates certs;
    static TestProxy proxy;

    @BeforeAll
    static void start() {
        certs = new TestCertificates(prefix).ca("ca").ca("other")
                .leaf("server", "ca", "rsa:2048", "2", "strict.test", "lenient.test")
                .leaf("client", "ca", "ec", "2")
                .leaf("stranger", "other", "rsa:2048", "2");
        proxy = new TestProxy("""
                http {
                  ssl_certificate server.crt;
                  ssl_certificate_key server.key;
                  ssl_client_certificate ca.crt;
                  server {
                    listen 127.0.0.1:PORT ssl default_server;
                    server_name strict.test;
                    ssl_verify_client on;
                    location / { return 200 "$ssl_client_verify|$ssl_client_s_dn|$ssl_client_fingerprint"; }
                  }
                  server {
                    listen 127.0.0.1:PORT ssl;
                    server_name lenient.test;
                    ssl_verify_client optional_no_ca;
                    location / { return 200 "$ssl_client_verify"; }
                  }
                }
                """, prefix);
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    private String get(String host, String... clientCert) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("s_client", "-quiet",
                "-connect", "127.0.0.1:" + proxy.port(), "-servername", host));
        if (clientCert.length > 0) {
            args.addAll(java.util.List.of("-cert", clientCert[0] + ".crt", "-key", clientCert[0] + ".key"));
        }
        return certs.opensslWithInput("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n", args.toArray(new String[0]));
    }

    @Test
    void trustedClientCertificatePasses() {
        String fingerprint = certs.openssl("x509", "-in", "client.crt", "-noout", "-fingerprint", "-sha1")
                .replaceAll("(?s).*=", "").replace(":", "").trim().toLowerCase();
        assertThat(get("strict.test", "client")).contains("HTTP/1.1 200")
                .contains("SUCCESS|O=Switchboard Tests,CN=client|" + fingerprint)
                .as("close_notify before the TCP close").doesNotContain("unexpected eof");
    }

    @Test
    void missingCertificateGetsNginx400Page() {
        assertThat(get("strict.test")).contains("HTTP/1.1 400").contains("No required SSL certificate was sent");
    }

    @Test
    void untrustedCertificateGetsCertificateErrorPage() {
        assertThat(get("strict.test", "stranger")).contains("HTTP/1.1 400").contains("The SSL certificate error");
    }

    @Test
    void optionalNoCaLetsUnknownIssuersThrough() {
        assertThat(get("lenient.test", "stranger")).contains("HTTP/1.1 200")
                .contains("FAILED:unable to get local issuer certificate");
        assertThat(get("lenient.test")).contains("HTTP/1.1 200").contains("NONE");
    }
}
