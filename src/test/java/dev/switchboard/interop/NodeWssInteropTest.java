package dev.switchboard.interop;

import dev.switchboard.testing.TestProxy;
import dev.switchboard.tls.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4 with Node's {@code ws} client over wss (src/test/node/ws-observer.js): it trusts the test CA through its
 * {@code ca} option and reaches Node's ws server behind an {@code ssl} listener; and mutual TLS with a client
 * certificate ({@code ssl_verify_client on}), whose verdict reaches the backend in headers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeWssInteropTest {

    @TempDir
    static Path prefix;

    static Path node;
    static TestCertificates certs;
    static NodeScript backend;
    static TestProxy proxy;
    static int mtlsPort;

    @BeforeAll
    static void start() throws Exception {
        node = NodeScript.requireNode("ws");
        certs = new TestCertificates(prefix).ca("ca").ca("other")
                .leaf("server", "ca", "rsa:2048", "2", "localhost")
                .leaf("client", "ca", "ec", "2")
                .leaf("stranger", "other", "rsa:2048", "2");
        backend = NodeScript.start(node, "ws-server.js", "0");
        backend.awaitContaining("listening ", 15);
        int backendPort = NodeWsCloseCodesTest.portOf(backend);
        mtlsPort = TestProxy.freePort();
        proxy = new TestProxy("""
                events { worker_connections 1024; }
                http {
                  ssl_certificate server.crt;
                  ssl_certificate_key server.key;
                  proxy_http_version 1.1;
                  proxy_set_header Upgrade $http_upgrade;
                  proxy_set_header Connection "upgrade";
                  server {
                    listen 127.0.0.1:PORT ssl;
                    server_name localhost;
                    location /ws {
                      proxy_pass http://127.0.0.1:%1$d;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection "upgrade";
                      proxy_set_header X-Forwarded-Proto $scheme;
                      proxy_set_header X-Tls "$ssl_protocol $ssl_server_name";
                    }
                  }
                  server {
                    listen 127.0.0.1:%2$d ssl;
                    server_name localhost;
                    ssl_client_certificate ca.crt;
                    ssl_verify_client on;
                    location /ws {
                      proxy_pass http://127.0.0.1:%1$d;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection "upgrade";
                      proxy_set_header X-Client-Verify $ssl_client_verify;
                      proxy_set_header X-Client-Dn $ssl_client_s_dn;
                    }
                  }
                }
                """.formatted(backendPort, mtlsPort), prefix);
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private static NodeScript client(int port, String... tlsOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of("wss://127.0.0.1:" + port + "/ws", "--servername", "localhost",
                "--timeout", "30"));
        args.addAll(List.of(tlsOptions));
        return NodeScript.start(node, "ws-observer.js", args.toArray(new String[0]));
    }

    private static String file(String name) {
        return certs.path(name).toString();
    }

    @Test
    void nodeWsClientTrustingTheTestCaTalksWssThroughTheProxy() throws Exception {
        try (NodeScript client = client(proxy.port(), "--ca", file("ca.crt"))) {
            assertThat(client.awaitContaining("\"event\":\"open\"", 15))
                    .contains("\"protocol\":\"TLSv1.3\"", "\"peerSubject\":\"localhost\"");
            client.awaitContaining("\"data\":\"hello\"", 10);
            client.send("send headers");
            String headers = client.awaitContaining("x-forwarded-proto", 10);
            assertThat(headers).contains("\\\"x-forwarded-proto\\\":\\\"https\\\"")
                    .contains("\\\"x-tls\\\":\\\"TLSv1.3 localhost\\\"");
            client.send("send " + "x".repeat(100_000));
            client.await(l -> l.contains("\"event\":\"message\"") && l.contains("x".repeat(100_000)), 10,
                    TimeUnit.SECONDS);
            client.send("close 4000 done");
            String close = client.awaitContaining("\"event\":\"close\"", 10);
            assertThat(NodeWsCloseCodesTest.code(close)).isEqualTo(4000);
            assertThat(NodeWsCloseCodesTest.reason(close)).isEqualTo("done");
            assertThat(client.waitFor(10)).isZero();
        }
    }

    @Test
    void nodeWsClientWithoutTheCaRejectsTheProxyCertificate() throws Exception {
        try (NodeScript client = client(proxy.port())) {
            String error = client.awaitContaining("\"event\":\"error\"", 15);
            assertThat(error).containsAnyOf("SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
                    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY");
            assertThat(client.output()).doesNotContain("\"event\":\"open\"");
        }
    }

    @Test
    void mutualTlsWithAClientCertificateReachesTheBackendWithTheVerdict() throws Exception {
        try (NodeScript client = client(mtlsPort, "--ca", file("ca.crt"), "--cert", file("client.crt"),
                "--key", file("client.key"))) {
            client.awaitContaining("\"event\":\"open\"", 15);
            client.awaitContaining("\"data\":\"hello\"", 10);
            client.send("send headers");
            String headers = client.awaitContaining("x-client-verify", 10);
            assertThat(headers).contains("\\\"x-client-verify\\\":\\\"SUCCESS\\\"")
                    .contains("\\\"x-client-dn\\\":\\\"O=Switchboard Tests,CN=client\\\"");
            client.send("close 1000 bye");
            assertThat(NodeWsCloseCodesTest.code(client.awaitContaining("\"event\":\"close\"", 10))).isEqualTo(1000);
        }
    }

    @Test
    void mutualTlsWithoutACertificateGetsNginx400() throws Exception {
        try (NodeScript client = client(mtlsPort, "--ca", file("ca.crt"))) {
            assertThat(client.awaitContaining("\"event\":\"unexpected-response\"", 15)).contains("\"status\":400");
            assertThat(client.waitFor(10)).isEqualTo(2);
        }
    }

    @Test
    void mutualTlsWithACertificateFromAnotherCaGetsNginx400() throws Exception {
        try (NodeScript client = client(mtlsPort, "--ca", file("ca.crt"), "--cert", file("stranger.crt"),
                "--key", file("stranger.key"))) {
            assertThat(client.awaitContaining("\"event\":\"unexpected-response\"", 15)).contains("\"status\":400");
        }
    }
}
