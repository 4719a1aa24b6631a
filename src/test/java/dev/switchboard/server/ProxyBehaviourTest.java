package dev.switchboard.server;

import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors, limits, timeouts and flow control of the proxy, observed over loopback sockets. */
class ProxyBehaviourTest {

    @TempDir
    Path prefix;

    private static String config(String upstreamServer, String locationExtra) {
        return """
                http {
                  upstream be { server %s; }
                  server {
                    listen 127.0.0.1:PORT;
                    client_max_body_size 100;
                    location / {
                      proxy_pass http://be;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection "upgrade";
                      %s
                    }
                    location /files/ { root www; }
                  }
                }
                """.formatted(upstreamServer, locationExtra);
    }

    private static final String UPGRADE = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    @Test
    void unreachableBackendGives502() {
        int dead = TestProxy.freePort();
        try (TestProxy proxy = new TestProxy(config("127.0.0.1:" + dead, ""), prefix)) {
            String r = RawHttp.exchange(null, proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(r).startsWith("HTTP/1.1 502 Bad Gateway\r\n").contains("<h1>502 Bad Gateway</h1>");
            String ws = RawHttp.exchange(null, proxy.port(), UPGRADE.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
            assertThat(ws).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
        }
    }

    @Test
    void silentBackendGives504AfterReadTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             TestProxy proxy = new TestProxy(config("127.0.0.1:" + silent.getLocalPort(), "proxy_read_timeout 1s;"),
                     prefix)) {
            long start = System.nanoTime();
            String r = RawHttp.exchange(null, proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(r).startsWith("HTTP/1.1 504 Gateway Time-out\r\n");
            assertThat(ms).isBetween(900L, 5_000L);
        }
    }

    @Test
    void malformedAndSmugglingRequestsAreRejected() {
        try (TestBackend backend = new TestBackend("A");
             TestProxy proxy = new TestProxy(config("127.0.0.1:" + backend.port(), ""), prefix)) {
            assertThat(RawHttp.exchange(null, proxy.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request\r\n");
            assertThat(RawHttp.exchange(null, proxy.port(), "POST / HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: gzip, chunked\r\n\r\n")).startsWith("HTTP/1.1 501 Not Implemented\r\n");
            assertThat(RawHttp.exchange(null, proxy.port(), "GET / HTTP/1.1\r\n\r\n"))
                    .startsWith("HTTP/1.1 400 Bad Request\r\n");
            assertThat(RawHttp.exchange(null, proxy.port(), "GET /../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 400 Bad Request\r\n");
            assertThat(RawHttp.exchange(null, proxy.port(), "GET / HTTP/1.1\nHost: x\n\n"))
                    .startsWith("HTTP/1.1 400 Bad Request\r\n");
            assertThat(RawHttp.exchange(null, proxy.port(), "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 414 Request-URI Too Large\r\n");
            assertThat(RawHttp.exchange(null, proxy.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n"))
                    .startsWith("HTTP/1.1 413 Request Entity Too Large\r\n");
            assertThat(RawHttp.exchange(null, proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: "
                    + "b".repeat(40_000) + "\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request\r\n")
                    .contains("<title>400 Request Header Or Cookie Too Large</title>");
            assertThat(backend.heads()).isEmpty();
        }
    }

    @Test
    void staticFilesWithTypesHeadAndConditionalGet() throws Exception {
        Files.createDirectories(prefix.resolve("www/files"));
        Files.writeString(prefix.resolve("www/files/page.html"), "<p>hi</p>");
        Files.createDirectories(prefix.resolve("www/files/sub"));
        try (TestProxy proxy = new TestProxy(config("127.0.0.1:1", ""), prefix)) {
            String get = RawHttp.exchange(null, proxy.port(), "GET /files/page.html HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(get).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/html\r\n")
                    .contains("Content-Length: 9\r\n").endsWith("<p>hi</p>");
            String lastModified = get.substring(get.indexOf("Last-Modified: ") + 15, get.indexOf("\r\n",
                    get.indexOf("Last-Modified: ")));
            assertThat(RawHttp.exchange(null, proxy.port(), "GET /files/page.html HTTP/1.1\r\nHost: x\r\n"
                    + "If-Modified-Since: " + lastModified + "\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 304 Not Modified\r\n");
            String head = RawHttp.exchange(null, proxy.port(), "HEAD /files/page.html HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(head).contains("Content-Length: 9\r\n").endsWith("\r\n\r\n");
            assertThat(RawHttp.exchange(null, proxy.port(), "GET /files/missing HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 404 Not Found\r\n");
            assertThat(RawHttp.exchange(null, proxy.port(), "GET /files/sub HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 301 Moved Permanently\r\n")
                    .contains("Location: http://x/files/sub/\r\n");
        }
    }

    @Test
    void upgradedConnectionIsClosedAfterIdleReadTimeoutButKeptWhileActive() throws Exception {
        try (TestBackend backend = new TestBackend("A");
             TestProxy proxy = new TestProxy(config("127.0.0.1:" + backend.port(), "proxy_read_timeout 1s;"), prefix);
             Socket quiet = upgraded(proxy.port());
             Socket chatty = upgraded(proxy.port())) {
            long until = System.currentTimeMillis() + 2500;
            byte[] ping = {(byte) 0x89, (byte) 0x80, 1, 2, 3, 4};
            while (System.currentTimeMillis() < until) {
                chatty.getOutputStream().write(ping);
                Thread.sleep(300);
            }
            quiet.setSoTimeout(3000);
            byte[] close = quiet.getInputStream().readNBytes(16);
            assertThat(close).as("quiet tunnel gets Close 1001 \"idle timeout\"")
                    .isEqualTo(dev.switchboard.testing.Frames.close(1001, "idle timeout", false));
            assertThat(quiet.getInputStream().read()).as("then the proxy closes the socket").isEqualTo(-1);
            chatty.setSoTimeout(1000);
            byte[] pong = chatty.getInputStream().readNBytes(2);
            assertThat(pong[0] & 0xFF).as("active tunnel still relays pongs").isEqualTo(0x8A);
        }
    }

    @Test
    void aliasAndClientHeaderTimeout() throws Exception {
        Files.createDirectories(prefix.resolve("assets"));
        Files.writeString(prefix.resolve("assets/app.js"), "let x = 1;");
        try (TestProxy proxy = new TestProxy("""
                http {
                  include %s;
                  server {
                    listen 127.0.0.1:PORT;
                    client_header_timeout 1s;
                    location /static/ { alias assets/; }
                  }
                }
                """.formatted(java.nio.file.Path.of("conf/mime.types").toAbsolutePath()), prefix)) {
            String r = RawHttp.exchange(null, proxy.port(), "GET /static/app.js HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(r).startsWith("HTTP/1.1 200 OK").contains("Content-Type: text/javascript").endsWith("let x = 1;");
            try (Socket slow = new Socket("127.0.0.1", proxy.port())) {
                slow.setSoTimeout(5000);
                slow.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
                long start = System.nanoTime();
                assertThat(slow.getInputStream().read()).as("closed, as nginx, without a response").isEqualTo(-1);
                assertThat((System.nanoTime() - start) / 1_000_000).isBetween(700L, 4_000L);
            }
        }
    }

    @Test
    void halfCloseIsRelayedAndTheOtherDirectionKeepsFlowing() throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CompletableFuture<String> seen = new java.util.concurrent.CompletableFuture<>();
            Thread server = new Thread(() -> {
                try (Socket s = backend.accept()) {
                    InputStream in = s.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        head.append((char) in.read());
                    }
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    String body = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    seen.complete(body);
                    out.write("bye after your FIN".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (Exception e) {
                    seen.completeExceptionally(e);
                }
            });
            server.setDaemon(true);
            server.start();
            try (TestProxy proxy = new TestProxy(config("127.0.0.1:" + backend.getLocalPort(),
                    "websocket_inspect off;"), prefix);
                 Socket client = new Socket("127.0.0.1", proxy.port())) {
                client.setSoTimeout(5000);
                client.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = client.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    head.append((char) in.read());
                }
                client.getOutputStream().write("last words".getBytes(StandardCharsets.ISO_8859_1));
                client.shutdownOutput();
                assertThat(seen.get(5, java.util.concurrent.TimeUnit.SECONDS)).as("backend read data, then EOF")
                        .isEqualTo("last words");
                assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1))
                        .as("the other direction still flows after the client's FIN").isEqualTo("bye after your FIN");
            }
        }
    }

    @Test
    void opaqueTunnelIsClosedWithoutFramesLikeNginx() throws Exception {
        try (TestBackend backend = new TestBackend("A");
             TestProxy proxy = new TestProxy(config("127.0.0.1:" + backend.port(),
                     "proxy_read_timeout 1s; websocket_inspect off;"), prefix);
             Socket quiet = upgraded(proxy.port())) {
            quiet.setSoTimeout(3000);
            assertThat(quiet.getInputStream().read()).as("bare close, as nginx").isEqualTo(-1);
        }
    }

    @Test
    void clientThatStopsReadingPausesTheBackendInsteadOfBuffering() throws Exception {
        AtomicLong written = new AtomicLong();
        try (ServerSocket flood = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = flood.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[4096];
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().contains("\r\n\r\n")) {
                        int n = in.read(buf);
                        if (n < 0) {
                            return;
                        }
                        head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    byte[] chunk = new byte[1 << 20];
                    for (int i = 0; i < 256; i++) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (Exception ignored) {
                    // the proxy closes the connection when the test ends
                }
            });
            server.setDaemon(true);
            server.start();
            try (TestProxy proxy = new TestProxy(config("127.0.0.1:" + flood.getLocalPort(), ""), prefix);
                 Socket client = new Socket()) {
                client.setReceiveBufferSize(64 * 1024);
                client.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
                client.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
                Thread.sleep(3000);
                long stalled = written.get();
                Thread.sleep(1000);
                assertThat(stalled).as("bytes the backend could write while the client read nothing")
                        .isLessThan(64L << 20);
                assertThat(written.get() - stalled).as("no progress while the client is stalled")
                        .isLessThan(4L << 20);
                assertThat(RawHttp.exchange(null, proxy.port(), "GET /files/x HTTP/1.1\r\nHost: x\r\n"
                        + "Connection: close\r\n\r\n")).as("other clients unaffected").startsWith("HTTP/1.1 404");
            }
        }
    }

    private static Socket upgraded(int port) throws Exception {
        Socket s = new Socket("127.0.0.1", port);
        s.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
        s.setSoTimeout(5000);
        StringBuilder head = new StringBuilder();
        InputStream in = s.getInputStream();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new SocketTimeoutException("closed during handshake: " + head);
            }
            head.append((char) c);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101 ");
        return s;
    }
}
