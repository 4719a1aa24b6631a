package dev.switchboard.websocket;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.RawFrame;
import dev.switchboard.testing.RawWsBackend;
import dev.switchboard.testing.RawWsClient;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import dev.switchboard.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What each side of a proxied WebSocket observes when something goes wrong, frame by frame over loopback. */
class WebSocketLifecycleTest {

    @TempDir
    Path prefix;

    private TestProxy proxy(int backendPort, String extra) {
        return new TestProxy("""
                http {
                  server {
                    listen 127.0.0.1:PORT;
                    location / {
                      proxy_pass http://127.0.0.1:%d;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection "upgrade";
                      %s
                    }
                  }
                }
                """.formatted(backendPort, extra), prefix);
    }

    @Test
    void unmaskedClientFrameGets1002AndBackendGets1001() throws Exception {
        try (RawWsBackend backend = new RawWsBackend(); TestProxy proxy = proxy(backend.port(), "");
             RawWsClient client = new RawWsClient(proxy.port())) {
            client.send(Frames.text("fine", true));
            assertThat(backend.nextFrame().text()).isEqualTo("fine");
            client.send(Frames.text("unmasked", false));
            RawFrame toClient = client.next();
            assertThat(toClient.opcode()).isEqualTo(8);
            assertThat(toClient.closeCode()).isEqualTo(1002);
            assertThat(toClient.text()).isEqualTo("unmasked client frame");
            assertThat(toClient.masked()).isFalse();
            RawFrame toBackend = backend.nextFrame();
            assertThat(toBackend.closeCode()).isEqualTo(1001);
            assertThat(toBackend.masked()).as("frames the proxy sends a backend are masked").isTrue();
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void maskedFrameFromBackendGetsIt1002AndTheClient1011() throws Exception {
        try (RawWsBackend backend = new RawWsBackend(); TestProxy proxy = proxy(backend.port(), "");
             RawWsClient client = new RawWsClient(proxy.port())) {
            client.send(Frames.text("hi", true));
            backend.nextFrame();
            backend.send(Frames.text("masked by mistake", true));
            RawFrame toBackend = backend.nextNonPing();
            assertThat(toBackend.closeCode()).isEqualTo(1002);
            assertThat(toBackend.text()).isEqualTo("masked server frame");
            RawFrame toClient = client.next();
            assertThat(toClient.closeCode()).isEqualTo(1011);
            assertThat(toClient.text()).isEqualTo("backend protocol error");
        }
    }

    @Test
    void backendThatDiesGivesTheClient1014() throws Exception {
        try (RawWsBackend backend = new RawWsBackend(); TestProxy proxy = proxy(backend.port(), "");
             RawWsClient client = new RawWsClient(proxy.port())) {
            client.send(Frames.text("hi", true));
            backend.nextFrame();
            backend.kill();
            RawFrame close = client.next();
            assertThat(close.opcode()).isEqualTo(8);
            assertThat(close.closeCode()).isEqualTo(1014);
            assertThat(close.text()).startsWith("backend ");
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void clientThatVanishesGivesTheBackend1001() throws Exception {
        try (RawWsBackend backend = new RawWsBackend(); TestProxy proxy = proxy(backend.port(), "")) {
            RawWsClient client = new RawWsClient(proxy.port());
            client.send(Frames.text("hi", true));
            backend.nextFrame();
            client.close();
            RawFrame close = backend.nextFrame();
            assertThat(close.closeCode()).isEqualTo(1001);
            assertThat(close.text()).isEqualTo("client went away");
        }
    }

    @Test
    void normalClosingHandshakeIsProxiedUnchanged() throws Exception {
        try (RawWsBackend backend = new RawWsBackend(); TestProxy proxy = proxy(backend.port(), "");
             RawWsClient client = new RawWsClient(proxy.port())) {
            client.send(Frames.close(4000, "done here", true));
            RawFrame atBackend = backend.nextFrame();
            assertThat(atBackend.closeCode()).isEqualTo(4000);
            assertThat(atBackend.text()).isEqualTo("done here");
            backend.send(Frames.close(4000, "ok", false));
            RawFrame atClient = client.next();
            assertThat(atClient.closeCode()).isEqualTo(4000);
            assertThat(atClient.text()).isEqualTo("ok");
        }
    }

    @Test
    void messageOverTheLimitGets1009() throws Exception {
        try (RawWsBackend backend = new RawWsBackend();
             TestProxy proxy = proxy(backend.port(), "websocket_max_message_size 1k;");
             RawWsClient client = new RawWsClient(proxy.port())) {
            client.send(Frames.frame(true, 0, 2, new byte[1024], true));
            assertThat(backend.nextFrame().payload()).hasSize(1024);
            client.send(Frames.frame(false, 0, 2, new byte[600], true));
            client.send(Frames.frame(true, 0, 0, new byte[600], true));
            RawFrame close = client.next();
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(backend.nextFrame().payload()).as("first fragment passed").hasSize(600);
            assertThat(backend.nextFrame().closeCode()).isEqualTo(1001);
        }
    }

    @Test
    void quietClientIsPingedAndSurvivesReadTimeoutsWhilePongsStayHidden() throws Exception {
        try (TestBackend backend = new TestBackend("A");
             TestProxy proxy = proxy(backend.port(),
                     "proxy_read_timeout 1s; websocket_ping_interval 300ms; websocket_ping_timeout 500ms;")) {
            WsClient client = WsClient.connect(proxy.ws("/"));
            Thread.sleep(3500);
            client.socket().sendText("still here", true).join();
            WsClient.Message reply = client.next();
            assertThat(reply.text()).as("no pong of the proxy's pings reached the backend to be echoed")
                    .isEqualTo("still here");
        }
    }

    @Test
    void clientThatStopsAnsweringIsDetectedWithinIntervalPlusTimeout() throws Exception {
        try (RawWsBackend backend = new RawWsBackend();
             TestProxy proxy = proxy(backend.port(),
                     "proxy_read_timeout 60s; websocket_ping_interval 300ms; websocket_ping_timeout 400ms;");
             RawWsClient client = new RawWsClient(proxy.port())) {
            long start = System.nanoTime();
            RawFrame ping = client.next();
            assertThat(ping.opcode()).as("the proxy pings the quiet client").isEqualTo(9);
            assertThat(ping.masked()).isFalse();
            RawFrame close = backend.nextNonPing();
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(close.closeCode()).isEqualTo(1001);
            assertThat(close.text()).isEqualTo("client not responding");
            assertThat(ms).isLessThan(1_500);
        }
    }

    @Test
    void pongFromClientToProxyPingIsConsumed() throws Exception {
        try (RawWsBackend backend = new RawWsBackend();
             TestProxy proxy = proxy(backend.port(), "websocket_ping_interval 200ms;");
             RawWsClient client = new RawWsClient(proxy.port())) {
            RawFrame ping = client.next();
            assertThat(ping.opcode()).isEqualTo(9);
            client.send(Frames.frame(true, 0, 10, ping.payload(), true));
            client.send(Frames.frame(true, 0, 10, "unsolicited".getBytes(), true));
            RawFrame forwarded = backend.nextNonPing();
            assertThat(forwarded.opcode()).isEqualTo(10);
            assertThat(forwarded.text()).as("only the pong that answers nobody's ping of the proxy passes")
                    .isEqualTo("unsolicited");
        }
    }

    @Test
    void backendIsPingedMaskedWhenQuiet() throws Exception {
        try (RawWsBackend backend = new RawWsBackend();
             TestProxy proxy = proxy(backend.port(), "websocket_ping_interval 200ms;");
             RawWsClient client = new RawWsClient(proxy.port())) {
            RawFrame ping = backend.nextFrame();
            assertThat(ping.opcode()).isEqualTo(9);
            assertThat(ping.masked()).isTrue();
            backend.send(Frames.frame(true, 0, 10, ping.payload(), false));
            backend.send(Frames.text("after pong", false));
            RawFrame first = client.next();
            while (first.opcode() == 9) {
                first = client.next();
            }
            assertThat(first.text()).isEqualTo("after pong");
        }
    }

    @Test
    void inspectionOffRelaysEvenInvalidFramesLikeNginx() throws Exception {
        try (RawWsBackend backend = new RawWsBackend(); TestProxy proxy = proxy(backend.port(), "websocket_inspect off;");
             RawWsClient client = new RawWsClient(proxy.port())) {
            client.send(Frames.text("unmasked", false));
            RawFrame f = backend.nextFrame();
            assertThat(f.masked()).isFalse();
            assertThat(f.text()).isEqualTo("unmasked");
        }
    }

    @Test
    void deflateExtensionAllowsRsv1() throws Exception {
        try (RawWsBackend backend = new RawWsBackend("Sec-WebSocket-Extensions: permessage-deflate\r\n");
             TestProxy proxy = proxy(backend.port(), "");
             RawWsClient client = new RawWsClient(proxy.port(), "/", "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
            assertThat(client.responseHead()).contains("Sec-WebSocket-Extensions: permessage-deflate");
            client.send(Frames.frame(true, 4, 1, new byte[]{1, 2, 3}, true));
            assertThat(backend.nextFrame().payload()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void handshakesFromOriginsOutsideTheAllowlistGet403() throws Exception {
        try (TestBackend backend = new TestBackend("A");
             TestProxy proxy = proxy(backend.port(),
                     "websocket_allowed_origins https://app.example.com https://*.example.com;")) {
            try (RawWsClient evil = new RawWsClient(proxy.port(), "/", "Origin: https://evil.test\r\n")) {
                assertThat(evil.responseHead()).startsWith("HTTP/1.1 403 Forbidden");
            }
            try (RawWsClient sub = new RawWsClient(proxy.port(), "/", "Origin: https://chat.example.com\r\n")) {
                assertThat(sub.responseHead()).startsWith("HTTP/1.1 101 ");
            }
            try (RawWsClient exact = new RawWsClient(proxy.port(), "/", "Origin: https://APP.example.com\r\n")) {
                assertThat(exact.responseHead()).startsWith("HTTP/1.1 101 ");
            }
            try (RawWsClient plainHttp = new RawWsClient(proxy.port(), "/", "Origin: http://app.example.com\r\n")) {
                assertThat(plainHttp.responseHead()).as("scheme must match").startsWith("HTTP/1.1 403 ");
            }
            try (RawWsClient noOrigin = new RawWsClient(proxy.port())) {
                assertThat(noOrigin.responseHead()).as("non-browser clients send no Origin").startsWith("HTTP/1.1 101 ");
            }
        }
    }

    @Test
    void originPatterns() {
        OriginPolicy p = new OriginPolicy(java.util.List.of("https://*.example.com", "http://localhost:3000"));
        assertThat(p.allows("https://a.example.com")).isTrue();
        assertThat(p.allows("https://a.b.example.com")).isTrue();
        assertThat(p.allows("https://example.com")).isFalse();
        assertThat(p.allows("https://evilexample.com")).isFalse();
        assertThat(p.allows("http://localhost:3000")).isTrue();
        assertThat(p.allows("http://localhost:3001")).isFalse();
        assertThat(p.allows("null")).isFalse();
    }

    @Test
    void tunnelLogLinesStartWithTheConnectionId() throws Exception {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Tunnel.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (RawWsBackend backend = new RawWsBackend(); TestProxy proxy = proxy(backend.port(), "");
             RawWsClient client = new RawWsClient(proxy.port())) {
            client.send(Frames.text("unmasked", false));
            client.next();
            assertThat(appender.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .matches("\\*\\d+ websocket client violated the protocol .*"));
        } finally {
            logger.detachAppender(appender);
        }
    }
}
