package dev.switchboard.interop;

import dev.switchboard.testing.TestProxy;
import dev.switchboard.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Interoperability with Node's {@code ws} package (src/test/node): the ws echo server as backend and the ws client
 * through the proxy, and the JDK client through the proxy to the ws server.
 */
class NodeWsInteropTest {

    static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();

    @TempDir
    Path prefix;

    Path node;
    Process server;
    final List<String> serverOutput = new CopyOnWriteArrayList<>();
    int serverPort;
    TestProxy proxy;

    @BeforeEach
    void start() throws Exception {
        node = requireNode();
        server = new ProcessBuilder(node.toString(), "ws-server.js", "0").directory(NODE_DIR.toFile())
                .redirectErrorStream(true).start();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    serverOutput.add(line);
                    if (line.startsWith("listening ")) {
                        listening.complete(Integer.parseInt(line.substring(10).trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IllegalStateException("ws-server.js exited: " + serverOutput));
        }, "ws-server.js output");
        reader.setDaemon(true);
        reader.start();
        serverPort = listening.get(15, TimeUnit.SECONDS);
        proxy = new TestProxy(config(serverPort), prefix);
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static String config(int backendPort) {
        return """
                events { worker_connections 1024; }
                http {
                  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                  upstream node.ws { server 127.0.0.1:%d; }
                  server {
                    listen 127.0.0.1:PORT;
                    location / {
                      proxy_pass http://node.ws;
                      proxy_set_header Host $host:$server_port;
                      proxy_http_version 1.1;
                      proxy_connect_timeout 4s; proxy_read_timeout 60s; proxy_send_timeout 12s;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection "upgrade";
                    }
                  }
                }
                """.formatted(backendPort);
    }

    @Test
    void nodeClientScriptWorksDirectlyAgainstTheNodeServer() throws Exception {
        // Validates the scripts themselves, so a failure of the proxied test below is the proxy's.
        assertClientSucceeds("ws://127.0.0.1:" + serverPort + "/direct");
    }

    @Test
    void nodeClientThroughTheProxyToTheNodeServer() throws Exception {
        assertClientSucceeds(proxy.ws("/chat?room=1"));
    }

    @Test
    void jdkClientThroughTheProxyToTheNodeServer() throws Exception {
        WsClient client = WsClient.connect(proxy.ws("/jdk?x=1"));
        client.socket().sendText("whoami", true).join();
        assertThat(client.next().text()).isEqualTo("node /jdk?x=1");
        client.socket().sendText("hello node", true).join();
        assertThat(client.next().text()).isEqualTo("hello node");
        byte[] payload = new byte[1 << 20];
        new Random(42).nextBytes(payload);
        client.socket().sendBinary(ByteBuffer.wrap(payload), true).join();
        assertThat(client.next().binary()).isEqualTo(payload);
        client.socket().sendText("frag-", false).join();
        client.socket().sendText("mented", true).join();
        assertThat(client.next().text()).isEqualTo("frag-mented");
        client.socket().sendPing(ByteBuffer.wrap("ping?".getBytes(StandardCharsets.UTF_8))).join();
        assertThat(client.next().text()).isEqualTo("PONG:ping?");
        client.socket().sendClose(4001, "bye from jdk").join();
        assertThat(client.closeCode()).isEqualTo(4001);
        assertThat(client.closeReason()).isEqualTo("bye from jdk");
    }

    void assertClientSucceeds(String url) throws Exception {
        Process client = new ProcessBuilder(node.toString(), "ws-client.js", url).directory(NODE_DIR.toFile())
                .redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<unreadable: " + e + ">";
            }
        });
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            fail("ws-client.js did not finish within 60 s: " + output.getNow(""));
        }
        String out = output.get(10, TimeUnit.SECONDS).trim();
        String[] lines = out.split("\n");
        String result = lines[lines.length - 1];
        assertThat(client.exitValue()).as("ws-client.js exit status; output:\n%s\nserver:\n%s", out, serverOutput)
                .isZero();
        assertThat(result).startsWith("{\"ok\":true,")
                .contains("\"binaryBytes\":1048576", "\"binaryEqual\":true", "\"pong\":\"are you there\"",
                        "\"closeCode\":4000", "\"closeReason\":\"done\"", "\"errors\":[]");
    }

    static Path requireNode() {
        Path node = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "node");
            if (Files.isExecutable(candidate)) {
                node = candidate;
                break;
            }
        }
        String missing = node == null ? "node is not on PATH"
                : !Files.isDirectory(NODE_DIR.resolve("node_modules/ws"))
                ? NODE_DIR.resolve("node_modules/ws") + " is missing (run npm ci in src/test/node)" : null;
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail(missing + ", and CI=true: the Node ws interop test must run in CI");
            }
            Assumptions.assumeTrue(false, missing + "; skipping the Node ws interop test");
        }
        return node;
    }
}
