package dev.switchboard.proxy;

import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import dev.switchboard.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code proxy_next_upstream}, {@code _tries} and {@code _timeout} over loopback sockets. */
class NextUpstreamTest {

    private static final String GET = "GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    private static final String NGINX_502 = "<h1>502 Bad Gateway</h1>";

    @TempDir
    Path prefix;

    /** An upstream "be" of the given ports (in order, default parameters) and a location with {@code extra}. */
    private TestProxy proxy(String extra, int... ports) {
        return proxy("", extra, ports);
    }

    private TestProxy proxy(String method, String extra, int... ports) {
        StringBuilder servers = new StringBuilder(method);
        for (int port : ports) {
            servers.append("server 127.0.0.1:").append(port).append("; ");
        }
        return new TestProxy("""
                http {
                  upstream be { %s }
                  server {
                    listen 127.0.0.1:PORT;
                    location / {
                      proxy_pass http://be;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection $http_connection;
                      %s
                    }
                  }
                }
                """.formatted(servers, extra), prefix);
    }

    private static String get(TestProxy proxy) {
        return RawHttp.exchange(null, proxy.port(), GET);
    }

    @Test
    void brokenPeerIsRetriedOnTheNextAndMarkedFailed() {
        try (ScriptedPeer broken = ScriptedPeer.closing();
             TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("", broken.port(), live.port())) {
            assertThat(get(proxy)).startsWith("HTTP/1.1 200 OK\r\n").contains("X-Backend: B\r\n");
            assertThat(broken.accepted()).isEqualTo(1);
            // max_fails=1: the broken peer is out for fail_timeout, so the next requests go straight to B
            assertThat(get(proxy)).startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(get(proxy)).startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(broken.accepted()).isEqualTo(1);
            assertThat(live.heads()).hasSize(3);
        }
    }

    @Test
    void randomBalancersRetryAndSkipTheFailedPeerToo() {
        for (String method : new String[] {"random;", "random two least_conn;"}) {
            try (ScriptedPeer broken = ScriptedPeer.closing();
                 TestBackend live = new TestBackend("B");
                 TestProxy proxy = proxy(method, "", broken.port(), live.port())) {
                for (int i = 0; i < 10; i++) {
                    assertThat(get(proxy)).as(method).startsWith("HTTP/1.1 200 OK\r\n");
                }
                assertThat(broken.accepted()).as(method).isLessThanOrEqualTo(1);
                assertThat(live.heads()).hasSize(10);
            }
        }
    }

    @Test
    void refusedConnectionMovesOnToTheLivePeer() {
        try (TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("", TestProxy.freePort(), live.port())) {
            assertThat(get(proxy)).startsWith("HTTP/1.1 200 OK\r\n").contains("X-Backend: B\r\n");
        }
    }

    @Test
    void offGivesUpAtTheFirstFailure() {
        try (ScriptedPeer broken = ScriptedPeer.closing();
             TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("proxy_next_upstream off;", broken.port(), live.port())) {
            assertThat(get(proxy)).startsWith("HTTP/1.1 502 Bad Gateway\r\n").contains(NGINX_502);
            assertThat(broken.accepted()).isEqualTo(1);
            assertThat(live.heads()).isEmpty();
        }
    }

    @Test
    void listedHttp502IsRetriedAndCountsAsAFailure() {
        try (ScriptedPeer bad = ScriptedPeer.answering(502, "from bad");
             TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("proxy_next_upstream error timeout http_502;", bad.port(), live.port())) {
            assertThat(get(proxy)).startsWith("HTTP/1.1 200 OK\r\n").contains("X-Backend: B\r\n")
                    .doesNotContain("from bad");
            assertThat(get(proxy)).startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(get(proxy)).startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(bad.accepted()).as("marked failed after its 502").isEqualTo(1);
        }
    }

    @Test
    void unlistedHttp502IsPassedThrough() {
        try (ScriptedPeer bad = ScriptedPeer.answering(502, "from bad");
             TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("", bad.port(), live.port())) {
            assertThat(get(proxy)).startsWith("HTTP/1.1 502 Whatever\r\n").endsWith("\r\n\r\nfrom bad");
            assertThat(live.heads()).isEmpty();
        }
    }

    @Test
    void whenEveryPeerAnswers503TheLastResponseIsPassedThrough() {
        try (ScriptedPeer first = ScriptedPeer.answering(503, "first");
             ScriptedPeer second = ScriptedPeer.answering(503, "second");
             TestProxy proxy = proxy("proxy_next_upstream http_503;", first.port(), second.port())) {
            assertThat(get(proxy)).startsWith("HTTP/1.1 503 Whatever\r\n").endsWith("\r\n\r\nsecond");
            assertThat(first.accepted()).isEqualTo(1);
            assertThat(second.accepted()).isEqualTo(1);
        }
    }

    @Test
    void http404IsRetriedButNeverCountsAsAFailure() {
        try (ScriptedPeer missing = ScriptedPeer.answering(404, "nope");
             TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("proxy_next_upstream http_404;", missing.port(), live.port())) {
            for (int i = 0; i < 3; i++) {
                assertThat(get(proxy)).startsWith("HTTP/1.1 200 OK\r\n").contains("X-Backend: B\r\n");
            }
            // smooth round robin: requests 1 and 3 start on the 404 peer; it was never taken out
            assertThat(missing.accepted()).isEqualTo(2);
        }
    }

    @Test
    void postIsNotRetriedOnceSentUnlessNonIdempotent() {
        String post = "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        try (ScriptedPeer broken = ScriptedPeer.closing();
             TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("", broken.port(), live.port())) {
            assertThat(RawHttp.exchange(null, proxy.port(), post)).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
                    .contains(NGINX_502);
            assertThat(live.heads()).isEmpty();
        }
        try (ScriptedPeer broken = ScriptedPeer.closing();
             TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("proxy_next_upstream error timeout non_idempotent;", broken.port(),
                     live.port())) {
            assertThat(RawHttp.exchange(null, proxy.port(), post)).startsWith("HTTP/1.1 200 OK\r\n")
                    .contains("X-Backend: B\r\n");
            assertThat(live.heads()).singleElement().asString().startsWith("POST /x ");
        }
    }

    @Test
    void aStreamedBodyIsNeverReplayedButAFailedConnectIsRetried() {
        String post = "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";
        try (ScriptedPeer broken = ScriptedPeer.closing();
             TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("proxy_next_upstream error timeout non_idempotent;", broken.port(),
                     live.port())) {
            assertThat(RawHttp.exchange(null, proxy.port(), post)).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
            assertThat(live.heads()).isEmpty();
        }
        try (TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("", TestProxy.freePort(), live.port())) {
            // nothing was sent to the refused peer, so even a POST with a body moves on
            assertThat(RawHttp.exchange(null, proxy.port(), post)).startsWith("HTTP/1.1 200 OK\r\n")
                    .endsWith("\n\nhello");
        }
    }

    @Test
    void triesLimitStopsAfterThatManyPeers() {
        try (ScriptedPeer a = ScriptedPeer.closing(); ScriptedPeer b = ScriptedPeer.closing();
             ScriptedPeer c = ScriptedPeer.closing();
             TestProxy proxy = proxy("proxy_next_upstream_tries 2;", a.port(), b.port(), c.port())) {
            assertThat(get(proxy)).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
            assertThat(a.accepted() + b.accepted() + c.accepted()).isEqualTo(2);
        }
        try (ScriptedPeer a = ScriptedPeer.closing(); ScriptedPeer b = ScriptedPeer.closing();
             ScriptedPeer c = ScriptedPeer.closing();
             TestProxy proxy = proxy("", a.port(), b.port(), c.port())) {
            assertThat(get(proxy)).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
            assertThat(a.accepted() + b.accepted() + c.accepted()).as("by default every peer once").isEqualTo(3);
        }
    }

    @Test
    void readTimeoutMovesOnUnlessNextUpstreamTimeoutHasPassed() {
        try (ScriptedPeer silent = ScriptedPeer.silent();
             TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("proxy_read_timeout 500ms;", silent.port(), live.port())) {
            assertThat(get(proxy)).startsWith("HTTP/1.1 200 OK\r\n").contains("X-Backend: B\r\n");
        }
        try (ScriptedPeer silent = ScriptedPeer.silent();
             TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("proxy_read_timeout 500ms; proxy_next_upstream_timeout 400ms;",
                     silent.port(), live.port())) {
            assertThat(get(proxy)).startsWith("HTTP/1.1 504 Gateway Time-out\r\n");
            assertThat(live.heads()).isEmpty();
        }
        try (ScriptedPeer silent = ScriptedPeer.silent();
             TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("proxy_read_timeout 500ms; proxy_next_upstream error;",
                     silent.port(), live.port())) {
            assertThat(get(proxy)).as("timeout not listed").startsWith("HTTP/1.1 504 Gateway Time-out\r\n");
            assertThat(live.heads()).isEmpty();
        }
    }

    @Test
    void webSocketHandshakeIsRetriedBeforeTheClientSeesAnything() throws Exception {
        try (ScriptedPeer broken = ScriptedPeer.closing();
             TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("", broken.port(), live.port())) {
            WsClient ws = WsClient.connect(proxy.ws("/ws"));
            ws.socket().sendText("whoami", true).get(5, TimeUnit.SECONDS);
            assertThat(ws.next().text()).isEqualTo("B");
            assertThat(broken.accepted()).isEqualTo(1);
            ws.socket().abort();
        }
        try (TestBackend live = new TestBackend("B");
             TestProxy proxy = proxy("", TestProxy.freePort(), live.port())) {
            WsClient ws = WsClient.connect(proxy.ws("/ws"));
            ws.socket().sendText("whoami", true).get(5, TimeUnit.SECONDS);
            assertThat(ws.next().text()).isEqualTo("B");
            ws.socket().abort();
        }
    }
}
