package dev.switchboard.interop;

import dev.switchboard.testing.NginxProcess;
import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test: Debian's nginx and Switchboard run the same configuration (the WebSocket recipe of
 * {@code WebSocketProxyTest}) over the same two backends, and must behave the same as seen by the client and by
 * the backends. nginx runs in the foreground as a child process with its own prefix ({@link NginxProcess}).
 */
class NginxDifferentialTest {

    /** Response headers whose values legitimately differ between two servers. */
    static final Set<String> VOLATILE = Set.of("date", "server");

    @TempDir
    Path dir;

    TestBackend a;
    TestBackend b;
    NginxProcess nginx;
    int nginxPort;
    TestProxy proxy;
    Path nginxDir;
    final List<RawRecordingBackend> rawBackends = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        requireNginx();
        a = new TestBackend("A");
        b = new TestBackend("B");
        startBoth(a.port(), b.port());
    }

    /** nginx and Switchboard, each on its own free port, running the recipe over the two backend ports. */
    void startBoth(int portA, int portB) throws Exception {
        nginxDir = Files.createDirectories(dir.resolve("nginx-" + portA));
        Path switchboardDir = Files.createDirectories(dir.resolve("switchboard-" + portA));
        String config = config(recipe(portA, portB), nginxDir);
        nginx = NginxProcess.start(nginxDir, config);
        nginxPort = nginx.port();
        proxy = new TestProxy(config, switchboardDir);
    }

    /** Replaces the running pair with one over two raw recording backends (exact request bytes, no codec). */
    RawRecordingBackend[] restartOverRawBackends() throws Exception {
        stopServers();
        RawRecordingBackend[] raw = {new RawRecordingBackend("RA"), new RawRecordingBackend("RB")};
        rawBackends.addAll(List.of(raw));
        startBoth(raw[0].port(), raw[1].port());
        return raw;
    }

    @AfterEach
    void stop() throws Exception {
        stopServers();
        closeQuietly(a);
        closeQuietly(b);
        rawBackends.forEach(RawRecordingBackend::close);
    }

    void stopServers() throws Exception {
        if (nginx != null) {
            nginx.close();
            nginx = null;
        }
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }

    // (a) consistent hash over $remote_addr picks the same backend for each client address

    @Test
    void consistentHashPicksTheSameBackendAsNginxForEachClientAddress() {
        List<String> differences = new ArrayList<>();
        int toA = 0;
        for (int i = 0; i < 200; i++) {
            String from = "127.0." + (i / 20) + "." + (10 + (i % 20) * 12);
            String request = "GET /hash/" + i + " HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n";
            String viaNginx = backendOf(RawHttp.exchange(from, nginxPort, request));
            String viaSwitchboard = backendOf(RawHttp.exchange(from, proxy.port(), request));
            if (!viaNginx.equals(viaSwitchboard)) {
                differences.add(from + ": nginx=" + viaNginx + " switchboard=" + viaSwitchboard);
            }
            if (viaNginx.equals("A")) {
                toA++;
            }
        }
        assertThat(differences).as("client addresses routed differently").isEmpty();
        assertThat(toA).as("requests nginx sent to A out of 200 (both backends must be used)").isBetween(1, 199);
    }

    // (b) the backend sees the same request head

    @Test
    void backendSeesTheSameRequestHeadForAPlainGet() throws Exception {
        RawRecordingBackend[] raw = restartOverRawBackends();
        String request = "GET /api/items?id=7&x=%20y HTTP/1.1\r\nHost: example.com\r\nUser-Agent: diff/1.0\r\n"
                + "Accept: */*\r\nX-Custom: one\r\nX-Custom: two\r\nConnection: close\r\n\r\n";
        String viaNginx = lastHeadAfter(raw, () -> RawHttp.exchange("127.0.0.1", nginxPort, request));
        String viaSwitchboard = lastHeadAfter(raw, () -> RawHttp.exchange("127.0.0.1", proxy.port(), request));
        assertSameHead(viaNginx, nginxPort, viaSwitchboard, proxy.port());
    }

    @Test
    void backendSeesTheSameRequestHeadForAWebSocketUpgrade() throws Exception {
        RawRecordingBackend[] raw = restartOverRawBackends();
        String request = upgradeRequest();
        String viaNginx = lastHeadAfter(raw,
                () -> assertThat(upgradeHead(nginxPort, request)).startsWith("HTTP/1.1 101"));
        String viaSwitchboard = lastHeadAfter(raw,
                () -> assertThat(upgradeHead(proxy.port(), request)).startsWith("HTTP/1.1 101"));
        assertSameHead(viaNginx, nginxPort, viaSwitchboard, proxy.port());
    }

    // (c) the client gets the same status and headers

    @Test
    void optionsGetsTheSame204AndCorsHeaders() {
        String request = "OPTIONS /anything HTTP/1.1\r\nHost: example.com\r\nOrigin: http://a.example\r\n"
                + "Connection: close\r\n\r\n";
        Response viaNginx = Response.parse(RawHttp.exchange(null, nginxPort, request));
        Response viaSwitchboard = Response.parse(RawHttp.exchange(null, proxy.port(), request));
        assertThat(viaNginx.status).startsWith("HTTP/1.1 204");
        assertThat(viaSwitchboard.status).isEqualTo(viaNginx.status);
        assertThat(viaSwitchboard.headers(Set.of())).isEqualTo(viaNginx.headers(Set.of()));
        assertThat(viaSwitchboard.body).isEqualTo(viaNginx.body);
        assertThat(a.heads()).isEmpty();
        assertThat(b.heads()).isEmpty();
    }

    @Test
    void proxiedGetGetsTheSameStatusAndHeaders() {
        String request = "GET /api/items?id=7 HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n";
        Response viaNginx = Response.parse(RawHttp.exchange("127.0.0.1", nginxPort, request));
        Response viaSwitchboard = Response.parse(RawHttp.exchange("127.0.0.1", proxy.port(), request));
        assertThat(viaNginx.status).startsWith("HTTP/1.1 200");
        assertThat(viaSwitchboard.status).isEqualTo(viaNginx.status);
        // The body echoes the request head, whose Host carries each server's own port (compared in (b)), so the
        // Content-Length value may differ in length; its presence is still compared.
        assertThat(viaSwitchboard.headers(Set.of("content-length")))
                .isEqualTo(viaNginx.headers(Set.of("content-length")));
        assertThat(viaSwitchboard.body.replace(":" + proxy.port(), ":PORT"))
                .isEqualTo(viaNginx.body.replace(":" + nginxPort, ":PORT"));
    }

    @Test
    void downBackendGetsTheSame502() {
        a.close();
        b.close();
        String request = "GET /down HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n";
        Response viaNginx = Response.parse(RawHttp.exchange("127.0.0.1", nginxPort, request));
        Response viaSwitchboard = Response.parse(RawHttp.exchange("127.0.0.1", proxy.port(), request));
        assertThat(viaNginx.status).startsWith("HTTP/1.1 502");
        assertThat(viaSwitchboard.status).isEqualTo(viaNginx.status);
        // Generated error pages: the body (and so Content-Length) names the server; the header set is compared.
        assertThat(viaSwitchboard.headers(Set.of("content-length")))
                .isEqualTo(viaNginx.headers(Set.of("content-length")));
    }

    @Test
    void upgradeResponseHasTheSameStatusAndHeaders() {
        String request = upgradeRequest();
        Response viaNginx = Response.parse(upgradeHead(nginxPort, request));
        Response viaSwitchboard = Response.parse(upgradeHead(proxy.port(), request));
        assertThat(viaNginx.status).startsWith("HTTP/1.1 101");
        assertThat(viaSwitchboard.status).isEqualTo(viaNginx.status);
        assertThat(viaSwitchboard.headers(Set.of())).isEqualTo(viaNginx.headers(Set.of()));
    }

    // helpers

    static void requireNginx() {
        NginxProcess.require();
    }

    /** The recipe of {@code WebSocketProxyTest} (package-private there), so both tests use the same text. */
    static String recipe(int portA, int portB) throws Exception {
        Method m = Class.forName("dev.switchboard.server.WebSocketProxyTest")
                .getDeclaredMethod("recipe", int.class, int.class);
        m.setAccessible(true);
        return (String) m.invoke(null, portA, portB);
    }

    /**
     * The recipe plus what nginx needs to run unprivileged in its own prefix; Switchboard accepts (and ignores)
     * these and runs the same text.
     */
    static String config(String recipe, Path nginxDir) {
        return NginxProcess.withPrefixPaths(recipe, nginxDir);
    }

    static void closeQuietly(TestBackend backend) {
        if (backend != null) {
            try {
                backend.close();
            } catch (RuntimeException ignored) {
                // closed already by the test
            }
        }
    }

    static String backendOf(String response) {
        int i = response.indexOf("\r\nX-Backend: ");
        assertThat(i).as("response has X-Backend: %s", response).isPositive();
        return response.substring(i + 13, response.indexOf("\r\n", i + 2));
    }

    static String upgradeRequest() {
        return "GET /room/1?x=1 HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: chat\r\nOrigin: http://a.example\r\nUser-Agent: diff/1.0\r\n\r\n";
    }

    /** Sends a request that upgrades and returns the response head (through the blank line), then disconnects. */
    static String upgradeHead(int port, String request) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                out.write(c);
                if (out.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the exchange and returns the one request head that a backend recorded for it. */
    static String lastHeadAfter(RawRecordingBackend[] backends, Runnable exchange) {
        for (RawRecordingBackend backend : backends) {
            backend.heads().clear();
        }
        exchange.run();
        List<String> heads = new ArrayList<>();
        for (RawRecordingBackend backend : backends) {
            heads.addAll(backend.heads());
        }
        assertThat(heads).as("request heads the backends received").hasSize(1);
        return heads.get(0);
    }

    /** Request line exactly; header names case-insensitively with values, Host's port normalized; order ignored. */
    static void assertSameHead(String nginxHead, int nginxPort, String switchboardHead, int switchboardPort) {
        List<String> expected = normalizedHead(nginxHead, nginxPort);
        List<String> actual = normalizedHead(switchboardHead, switchboardPort);
        assertThat(actual.get(0)).as("request line").isEqualTo(expected.get(0));
        assertThat(actual.subList(1, actual.size())).as("headers the backend received (nginx saw:\n%s\n)", nginxHead)
                .containsExactlyInAnyOrderElementsOf(expected.subList(1, expected.size()));
    }

    static List<String> normalizedHead(String head, int serverPort) {
        String[] lines = head.split("\r?\n");
        List<String> out = new ArrayList<>();
        out.add(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("host") && value.endsWith(":" + serverPort)) {
                value = value.substring(0, value.length() - Integer.toString(serverPort).length()) + "PORT";
            }
            out.add(name + ": " + value);
        }
        return out;
    }

    /** A parsed HTTP response. */
    record Response(String status, List<String[]> headerLines, String body) {

        static Response parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            assertThat(end).as("complete response head in: %s", raw).isPositive();
            String[] lines = raw.substring(0, end).split("\r\n");
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(new String[]{lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim()});
            }
            return new Response(lines[0], headers, raw.substring(end + 4));
        }

        /** "name: value" lines, sorted, without Date and Server; values of {@code valueIgnored} are replaced by *. */
        List<String> headers(Set<String> valueIgnored) {
            List<String> out = new ArrayList<>();
            for (String[] h : headerLines) {
                if (!VOLATILE.contains(h[0])) {
                    out.add(h[0] + ": " + (valueIgnored.contains(h[0]) ? "*" : h[1]));
                }
            }
            out.sort(null);
            return out;
        }
    }
}
