package dev.switchboard.interop;

import dev.switchboard.testing.NginxProcess;
import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * socket.io through Switchboard (src/test/node: sio-server.js, sio-client.js): two socket.io backends behind a
 * sticky upstream, clients from many source addresses with the default transports (long-polling, then the upgrade
 * to websocket). A session only works when its polling requests and its upgrade reach the one backend that knows
 * its session id, so every session succeeding shows the stickiness; each address must also always land on the
 * backend that a plain request from it reaches, and on the backend that nginx sends the same client to (that one
 * test also needs nginx, and follows the nginx differential tests' missing-tool rule).
 */
class SocketIoInteropTest {

    static final Path NODE_DIR = NodeWsInteropTest.NODE_DIR;
    static final Pattern BACKENDS = Pattern.compile("\"(127\\.[0-9.]+)\":\\[((?:\"[^\"]*\"|null)(?:,(?:\"[^\"]*\"|null))*)]");
    static final Pattern REMOTES = Pattern.compile("\"(127\\.[0-9.]+)\":\"([^\"]*)\"");

    @TempDir
    Path prefix;

    Path node;
    final List<Process> servers = new ArrayList<>();
    final List<String> serverOutput = new CopyOnWriteArrayList<>();
    int[] ports = new int[2];
    TestProxy proxy;

    @BeforeEach
    void start() throws Exception {
        node = requireSocketIo();
        ports[0] = startServer("S1");
        ports[1] = startServer("S2");
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        for (Process server : servers) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void clientScriptWorksDirectlyAndBindsItsSourceAddresses() throws Exception {
        // Validates the scripts themselves, so a failure through the proxy is the proxy's.
        List<String> addresses = List.of("127.0.0.1", "127.1.2.3", "127.200.7.9");
        String out = runClient("http://127.0.0.1:" + ports[0], addresses, 2);
        assertThat(out).startsWith("{\"ok\":true,").contains("\"failures\":0");
        Map<String, List<String>> backends = backends(out);
        assertThat(backends.keySet()).containsExactlyInAnyOrderElementsOf(addresses);
        backends.values().forEach(names -> assertThat(names).containsOnly("S1"));
        Matcher remotes = REMOTES.matcher(out.substring(out.indexOf("\"remotes\":")));
        Map<String, String> seen = new LinkedHashMap<>();
        while (remotes.find()) {
            seen.put(remotes.group(1), remotes.group(2).replace("::ffff:", ""));
        }
        assertThat(seen).as("peer address the server saw per source address")
                .containsExactlyInAnyOrderEntriesOf(Map.of("127.0.0.1", "127.0.0.1", "127.1.2.3", "127.1.2.3",
                        "127.200.7.9", "127.200.7.9"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hash $remote_addr consistent", "ip_hash"})
    void everySessionUpgradesAndEachClientStaysOnOneBackend(String method) throws Exception {
        proxy = new TestProxy(config(method + ";"), prefix);
        List<String> addresses = addresses(120, method.hashCode());
        String out = runClient("http://127.0.0.1:" + proxy.port(), addresses, 2);
        assertThat(out).as("sio-client.js result; servers:\n%s", serverOutput)
                .startsWith("{\"ok\":true,").contains("\"failures\":0", "\"errors\":[]");
        Map<String, List<String>> backends = backends(out);
        assertThat(backends.keySet()).containsExactlyInAnyOrderElementsOf(addresses);
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> perBackend = new LinkedHashMap<>();
        for (String address : addresses) {
            String plain = NginxDifferentialTest.backendOf(RawHttp.exchange(address, proxy.port(),
                    "GET /whoami HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"));
            List<String> names = backends.get(address);
            if (!names.stream().allMatch(plain::equals)) {
                wrong.add(address + ": sessions on " + names + ", plain request on " + plain);
            }
            perBackend.merge(plain, 1, Integer::sum);
        }
        assertThat(wrong).as("clients that did not always land on the same backend").isEmpty();
        assertThat(perBackend.keySet()).as("clients per backend: %s", perBackend).containsExactlyInAnyOrder("S1", "S2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hash $remote_addr consistent", "ip_hash"})
    void nginxSendsEachSocketIoClientToTheSameBackend(String method) throws Exception {
        NginxProcess.require();
        String config = NginxProcess.withPrefixPaths(config(method + ";"), prefix.resolve("nginx"));
        proxy = new TestProxy(config, prefix);
        List<String> addresses = addresses(60, method.hashCode() + 1L);
        String viaSwitchboard = runClient("http://127.0.0.1:" + proxy.port(), addresses, 1);
        String viaNginx;
        try (NginxProcess nginx = NginxProcess.start(prefix.resolve("nginx"), config)) {
            viaNginx = runClient("http://127.0.0.1:" + nginx.port(), addresses, 1);
        }
        assertThat(viaNginx).as("sio-client.js through nginx").startsWith("{\"ok\":true,");
        assertThat(viaSwitchboard).as("sio-client.js through Switchboard").startsWith("{\"ok\":true,");
        assertThat(backends(viaNginx)).hasSize(addresses.size());
        assertThat(backends(viaSwitchboard)).as("backend per client address, Switchboard vs nginx")
                .isEqualTo(backends(viaNginx));
    }

    @Test
    void withoutStickinessSessionsBreak() throws Exception {
        // Control: with round robin the polling requests of one session alternate between the backends, which do
        // not know each other's session ids, so the sessions fail; the sticky tests above are therefore meaningful.
        proxy = new TestProxy(config(""), prefix);
        List<String> addresses = addresses(10, 3);
        String out = runClient("http://127.0.0.1:" + proxy.port(), addresses, 1);
        assertThat(out).startsWith("{\"ok\":false,");
        Matcher failures = Pattern.compile("\"failures\":(\\d+)").matcher(out);
        assertThat(failures.find()).isTrue();
        assertThat(Integer.parseInt(failures.group(1))).as("failed sessions of 10: %s", out).isGreaterThan(5);
    }

    String config(String method) {
        return """
                events { worker_connections 1024; }
                http {
                  upstream sio { %s server 127.0.0.1:%d; server 127.0.0.1:%d; }
                  server {
                    listen 127.0.0.1:PORT;
                    location / {
                      proxy_pass http://sio;
                      proxy_http_version 1.1;
                      proxy_set_header Host $host;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection "upgrade";
                      proxy_connect_timeout 4s; proxy_read_timeout 60s; proxy_send_timeout 12s;
                    }
                  }
                }
                """.formatted(method, ports[0], ports[1]);
    }

    /** Distinct addresses 127.x.y.z over 127.0.0.0/8, each in its own /24 (so ip_hash spreads them too). */
    static List<String> addresses(int n, long seed) {
        Random random = new Random(seed);
        LinkedHashSet<String> subnets = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        while (out.size() < n) {
            String subnet = "127." + random.nextInt(256) + "." + random.nextInt(256);
            if (subnets.add(subnet)) {
                out.add(subnet + "." + (1 + random.nextInt(254)));
            }
        }
        return out;
    }

    static Map<String, List<String>> backends(String out) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        int from = out.indexOf("\"backends\":");
        int to = out.indexOf("\"remotes\":");
        Matcher m = BACKENDS.matcher(out.substring(from, to));
        while (m.find()) {
            List<String> names = new ArrayList<>();
            for (String name : m.group(2).split(",")) {
                names.add(name.replace("\"", ""));
            }
            result.put(m.group(1), names);
        }
        return result;
    }

    /** Runs sio-client.js and returns its JSON line. */
    String runClient(String url, List<String> addresses, int sessionsPerAddress) throws Exception {
        Process client = new ProcessBuilder(node.toString(), "sio-client.js", url, String.join(",", addresses),
                Integer.toString(sessionsPerAddress), "8")
                .directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<unreadable: " + e + ">";
            }
        });
        if (!client.waitFor(150, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            fail("sio-client.js did not finish within 150 s: " + output.getNow(""));
        }
        String[] lines = output.get(10, TimeUnit.SECONDS).trim().split("\n");
        return lines[lines.length - 1];
    }

    int startServer(String name) throws Exception {
        Process server = new ProcessBuilder(node.toString(), "sio-server.js", "0", name).directory(NODE_DIR.toFile())
                .redirectErrorStream(true).start();
        servers.add(server);
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    serverOutput.add(name + ": " + line);
                    if (line.startsWith("listening ")) {
                        listening.complete(Integer.parseInt(line.substring(10).trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IllegalStateException("sio-server.js exited: " + serverOutput));
        }, "sio-server.js " + name);
        reader.setDaemon(true);
        reader.start();
        return listening.get(15, TimeUnit.SECONDS);
    }

    /** node on PATH and socket.io installed in src/test/node; fails when missing and CI=true, else skips. */
    static Path requireSocketIo() {
        Path node = NodeWsInteropTest.requireNode();
        for (String module : List.of("socket.io", "socket.io-client")) {
            Path dir = NODE_DIR.resolve("node_modules").resolve(module);
            if (!Files.isDirectory(dir)) {
                String missing = dir + " is missing (run npm ci in src/test/node)";
                if ("true".equals(System.getenv("CI"))) {
                    fail(missing + ", and CI=true: the socket.io interop test must run in CI");
                }
                Assumptions.assumeTrue(false, missing + "; skipping the socket.io interop test");
            }
        }
        return node;
    }
}
