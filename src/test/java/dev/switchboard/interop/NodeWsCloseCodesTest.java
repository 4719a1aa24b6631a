package dev.switchboard.interop;

import dev.switchboard.testing.RawWsBackend;
import dev.switchboard.testing.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's close codes as Node's {@code ws} client observes them through the proxy (src/test/node/ws-observer.js):
 * 1014 when the backend dies, 1001 "going away" on drain, 1001 "idle timeout" on proxy_read_timeout, and a quiet
 * client kept alive across several read timeouts by the proxy's pings, which ws answers by itself. The backend is
 * Node's ws server (src/test/node/ws-server.js) in its own process, so it can be killed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeWsCloseCodesTest {

    @TempDir
    Path prefix;

    Path node;
    final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void requireNode() {
        node = NodeScript.requireNode("ws");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Node's ws echo server in a child process; returns it (its port via {@link #portOf}). */
    NodeScript nodeBackend() throws Exception {
        NodeScript server = keep(NodeScript.start(node, "ws-server.js", "0"));
        server.awaitContaining("listening ", 15);
        return server;
    }

    static int portOf(NodeScript server) {
        Matcher m = Pattern.compile("listening (\\d+)").matcher(server.output());
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    TestProxy proxy(int backendPort, String extra) {
        return keep(new TestProxy("""
                events { worker_connections 1024; }
                http {
                  websocket_drain_timeout 500ms;
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
                """.formatted(backendPort, extra), prefix));
    }

    /** A ws client through the proxy, after its "hello" came back (so the tunnel is up end to end). */
    NodeScript connectedClient(TestProxy proxy, String path) throws Exception {
        NodeScript client = keep(NodeScript.start(node, "ws-observer.js", proxy.ws(path), "--timeout", "45"));
        client.awaitContaining("\"event\":\"open\"", 15);
        client.awaitContaining("\"data\":\"hello\"", 15);
        return client;
    }

    static int code(String closeEvent) {
        Matcher m = Pattern.compile("\"code\":(\\d+)").matcher(closeEvent);
        assertThat(m.find()).as(closeEvent).isTrue();
        return Integer.parseInt(m.group(1));
    }

    static String reason(String closeEvent) {
        Matcher m = Pattern.compile("\"reason\":\"([^\"]*)\"").matcher(closeEvent);
        assertThat(m.find()).as(closeEvent).isTrue();
        return m.group(1);
    }

    @Test
    void killedNodeBackendGivesTheNodeClient1014() throws Exception {
        NodeScript backend = nodeBackend();
        TestProxy proxy = proxy(portOf(backend), "proxy_read_timeout 60s;");
        NodeScript client = connectedClient(proxy, "/kill-me");
        backend.kill();
        String close = client.awaitContaining("\"event\":\"close\"", 10);
        assertThat(code(close)).as(client.output()).isEqualTo(1014);
        assertThat(reason(close)).startsWith("backend ");
        assertThat(client.waitFor(10)).isZero();
    }

    @Test
    void resetBackendGivesTheNodeClient1014BackendConnectionError() throws Exception {
        RawWsBackend backend = keep(new RawWsBackend());
        TestProxy proxy = proxy(backend.port(), "proxy_read_timeout 60s;");
        NodeScript client = keep(NodeScript.start(node, "ws-observer.js", proxy.ws("/reset"), "--timeout", "45"));
        client.awaitContaining("\"event\":\"open\"", 15);
        assertThat(backend.nextFrame().text()).isEqualTo("hello");
        backend.kill();
        String close = client.awaitContaining("\"event\":\"close\"", 10);
        assertThat(code(close)).as(client.output()).isEqualTo(1014);
        assertThat(reason(close)).isEqualTo("backend connection error");
    }

    @Test
    void drainGivesTheNodeClient1001GoingAwayAndTheClientAnswers() throws Exception {
        NodeScript backend = nodeBackend();
        TestProxy proxy = proxy(portOf(backend), "proxy_read_timeout 60s;");
        NodeScript first = connectedClient(proxy, "/a");
        NodeScript second = connectedClient(proxy, "/b");
        long start = System.nanoTime();
        CompletableFuture<Void> drained = CompletableFuture.runAsync(
                () -> proxy.switchboard().drainAndClose(500));
        for (NodeScript client : List.of(first, second)) {
            String close = client.awaitContaining("\"event\":\"close\"", 10);
            assertThat(code(close)).as(client.output()).isEqualTo(1001);
            assertThat(reason(close)).isEqualTo("going away");
        }
        drained.get(10, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).as("ws answered the close frames, so the drain ended without its 3 s grace period")
                .isLessThan(3_000);
    }

    @Test
    void readTimeoutGivesTheNodeClient1001IdleTimeout() throws Exception {
        NodeScript backend = nodeBackend();
        TestProxy proxy = proxy(portOf(backend), "proxy_read_timeout 1s;");
        long start = System.nanoTime();
        NodeScript client = connectedClient(proxy, "/idle");
        String close = client.awaitContaining("\"event\":\"close\"", 10);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(code(close)).as(client.output()).isEqualTo(1001);
        assertThat(reason(close)).isEqualTo("idle timeout");
        assertThat(ms).isBetween(900L, 5_000L);
    }

    @Test
    void pingedQuietNodeClientSurvivesSeveralReadTimeouts() throws Exception {
        NodeScript backend = nodeBackend();
        TestProxy proxy = proxy(portOf(backend),
                "proxy_read_timeout 1s; websocket_ping_interval 300ms; websocket_ping_timeout 500ms;");
        NodeScript client = connectedClient(proxy, "/quiet");
        Thread.sleep(3_500);
        assertThat(client.output()).as("no close across three read timeouts").doesNotContain("\"event\":\"close\"");
        long pings = client.output().lines().filter(l -> l.contains("\"event\":\"ping\"")).count();
        assertThat(pings).as(client.output()).isGreaterThanOrEqualTo(3);
        client.send("send still here");
        client.awaitContaining("\"data\":\"still here\"", 5);
        client.send("close 4000 done");
        String close = client.awaitContaining("\"event\":\"close\"", 5);
        assertThat(code(close)).as("the normal close handshake is proxied unchanged").isEqualTo(4000);
        assertThat(reason(close)).isEqualTo("done");
    }
}
