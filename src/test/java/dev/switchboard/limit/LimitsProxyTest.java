package dev.switchboard.limit;

import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.RawWsClient;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** limit_conn and limit_req through the running proxy, for HTTP requests and WebSocket handshakes. */
class LimitsProxyTest {

    @TempDir
    Path prefix;

    private TestProxy proxy(int backend) {
        return new TestProxy("""
                http {
                  limit_conn_zone $binary_remote_addr zone=perip:1m;
                  limit_req_zone $binary_remote_addr zone=slow:1m rate=1r/s;
                  server {
                    listen 127.0.0.1:PORT;
                    location /ws {
                      limit_conn perip 2;
                      proxy_pass http://127.0.0.1:%d;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection "upgrade";
                    }
                    location /api {
                      limit_req zone=slow burst=1 nodelay;
                      limit_req_status 429;
                      proxy_pass http://127.0.0.1:%d;
                    }
                    location /delayed {
                      limit_req zone=slow burst=5;
                      proxy_pass http://127.0.0.1:%d;
                    }
                  }
                }
                """.formatted(backend, backend, backend), prefix);
    }

    private static String get(int port, String from, String path) {
        return RawHttp.exchange(from, port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    @Test
    void limitConnCountsOpenTunnelsPerClientAddress() throws Exception {
        try (TestBackend backend = new TestBackend("A"); TestProxy proxy = proxy(backend.port())) {
            RawWsClient first = new RawWsClient(proxy.port(), "/ws", "");
            RawWsClient second = new RawWsClient(proxy.port(), "/ws", "");
            assertThat(first.responseHead()).startsWith("HTTP/1.1 101 ");
            assertThat(second.responseHead()).startsWith("HTTP/1.1 101 ");
            try (RawWsClient third = new RawWsClient(proxy.port(), "/ws", "")) {
                assertThat(third.responseHead()).startsWith("HTTP/1.1 503 Service Temporarily Unavailable");
            }
            assertThat(get(proxy.port(), "127.0.0.9", "/ws")).as("another address has its own count")
                    .startsWith("HTTP/1.1 200 ");
            first.close();
            await().untilAsserted(() -> {
                try (RawWsClient again = new RawWsClient(proxy.port(), "/ws", "")) {
                    assertThat(again.responseHead()).startsWith("HTTP/1.1 101 ");
                }
            });
            second.close();
        }
    }

    @Test
    void limitReqRejectsBeyondBurstWithTheConfiguredStatus() throws Exception {
        try (TestBackend backend = new TestBackend("A"); TestProxy proxy = proxy(backend.port())) {
            assertThat(get(proxy.port(), "127.0.0.20", "/api")).startsWith("HTTP/1.1 200 ");
            assertThat(get(proxy.port(), "127.0.0.20", "/api")).startsWith("HTTP/1.1 200 ");
            assertThat(get(proxy.port(), "127.0.0.20", "/api")).startsWith("HTTP/1.1 429 ");
            assertThat(get(proxy.port(), "127.0.0.21", "/api")).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void limitReqDelaysWithinTheBurst() throws Exception {
        try (TestBackend backend = new TestBackend("A"); TestProxy proxy = proxy(backend.port())) {
            assertThat(get(proxy.port(), "127.0.0.30", "/delayed")).startsWith("HTTP/1.1 200 ");
            long start = System.nanoTime();
            assertThat(get(proxy.port(), "127.0.0.30", "/delayed")).startsWith("HTTP/1.1 200 ");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).as("second request in the same second waits about 1 s").isBetween(700L, 3_000L);
        }
    }
}
