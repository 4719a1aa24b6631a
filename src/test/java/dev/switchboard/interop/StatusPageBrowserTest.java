package dev.switchboard.interop;

import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import dev.switchboard.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7's live status page as a person sees it: headless Chromium (Debian's package, driven by playwright-core
 * from src/test/node/browser-status.js) opens {@code location /status { status_page; }} while five WebSocket
 * clients talk through the proxy to a backend, and what the page displays is read from its DOM. Closing two clients
 * must show on the open page without a reload. The full-page screenshot is left in target/browser-artifacts/.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StatusPageBrowserTest {

    static final Path ARTIFACTS = ChromiumWssTest.ARTIFACTS;

    @TempDir
    Path prefix;

    Path node;
    TestBackend backend;
    TestProxy proxy;
    final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        node = NodeScript.requireNode("playwright-core");
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        NodeScript.require(Files.isExecutable(chromium) ? null
                : chromium + " is missing (.ci/run installs Debian's chromium package)");
        backend = keep(new TestBackend("A"));
        proxy = keep(new TestProxy("""
                events { worker_connections 1024; }
                http {
                  upstream chat { server 127.0.0.1:%d; }
                  server {
                    listen 127.0.0.1:PORT;
                    server_name status.test;
                    location /status { status_page; }
                    location /ws {
                      proxy_pass http://chat;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection "upgrade";
                    }
                  }
                }
                """.formatted(backend.port()), prefix));
        Files.createDirectories(ARTIFACTS);
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

    /** Client i (0-based) sends i + 1 messages and reads each echo back, so the busiest table has an order. */
    private static void chat(WsClient client, int i, String tag) throws InterruptedException {
        for (int m = 0; m <= i; m++) {
            String text = tag + "-" + i + "-" + m;
            client.socket().sendText(text, true).join();
            assertThat(client.next().text()).isEqualTo(text);
        }
    }

    @Test
    void statusPageShowsOpenWebSocketsAndThePeerAndUpdatesLive(TestInfo test) throws Exception {
        List<WsClient> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            WsClient client = WsClient.connect(proxy.ws("/ws/chat"));
            keep(() -> client.socket().abort());
            clients.add(client);
            chat(client, i, "hello");
        }
        String peer = "127.0.0.1:" + backend.port();

        Path shot = ARTIFACTS.resolve(getClass().getSimpleName() + "-"
                + test.getTestMethod().orElseThrow().getName() + ".png");
        Files.deleteIfExists(shot);
        NodeScript browser = keep(NodeScript.start(node, "browser-status.js",
                "http://127.0.0.1:" + proxy.port() + "/status", "--screenshot", shot.toString(), "--timeout", "40"));
        String page = browser.awaitContaining("\"event\":\"page\"", 60);
        assertThat(page).as(browser.output()).contains("\"status\":200", "text/html");

        String before = browser.awaitContaining("\"event\":\"status\"", 30);
        assertThat(before).as(browser.output())
                .contains("\"loads\":1", "\"wsopen\":\"5\"", "\"error\":\"\"")
                .as("the browser's own HTTP connections count too").containsPattern(
                        "\"servers\":\\[\"status\\.test \\| \\d \\| 5\"]")
                .as("the peer's row: upstream, address, state, health, connections, WebSockets, picks, failures")
                .contains("\"peers\":[\"chat | " + peer + " | up | unchecked | 5 | 5 | 5 | 0 | 0\"]")
                .contains("\"codes\":[]");
        assertThat(rows(before, "longest")).hasSize(5).allSatisfy(row -> assertThat(row)
                .matches("127\\.0\\.0\\.1:\\d+ \\| status\\.test \\| " + peer.replace(".", "\\.")
                        + " \\| \\d+s \\| \\d \\| \\d \\| \\d+ \\| \\d+"));
        assertThat(rows(before, "busiest").get(0)).as("the client that sent 5 messages is the busiest")
                .contains(" | 5 | 5 | ");
        assertThat(before).containsPattern("\"active\":\"[5-9]\"");

        // more traffic while the page watches, so the graph and messages/s have something to draw
        for (int i = 0; i < 5; i++) {
            chat(clients.get(i), i, "more");
        }
        for (int i = 3; i < 5; i++) {
            clients.get(i).socket().sendClose(1000, "done").join();
            assertThat(clients.get(i).closeCode()).isEqualTo(1000);
        }

        browser.send("wait-open 3");
        String after = browser.awaitContaining("\"event\":\"status\"", 30);
        assertThat(after).as(browser.output())
                .as("the open page updated itself: loaded once")
                .contains("\"loads\":1", "\"wsopen\":\"3\"", "\"error\":\"\"")
                .containsPattern("\"servers\":\\[\"status\\.test \\| \\d \\| 3\"]")
                .contains("\"peers\":[\"chat | " + peer + " | up | unchecked | 3 | 3 | 5 | 0 | 0\"]")
                .contains("\"codes\":[\"client | 1000 | 2\"]");
        assertThat(rows(after, "longest")).hasSize(3);
        assertThat(rows(after, "busiest").get(0)).as("the busiest left is the one that sent 3 + 3 messages")
                .contains(" | 6 | 6 | ");

        browser.send("screenshot");
        String saved = browser.awaitContaining("\"event\":\"screenshot\"", 30);
        assertThat(saved).contains(shot.toString());
        byte[] png = Files.readAllBytes(shot);
        assertThat(png.length).isGreaterThan(10_000);
        assertThat(new String(png, 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
        browser.send("quit");
        assertThat(browser.waitFor(30)).as(browser.output()).isZero();
    }

    /** The rows of one table in a "status" line (cells joined by " | "). */
    private static List<String> rows(String status, String table) {
        int start = status.indexOf("\"" + table + "\":[");
        assertThat(start).as(status).isNotNegative();
        String list = status.substring(start + table.length() + 4, status.indexOf(']', start));
        List<String> out = new ArrayList<>();
        for (String cell : list.split("\",\"")) {
            if (!cell.isEmpty()) {
                out.add(cell.replace("\"", ""));
            }
        }
        return out;
    }
}
