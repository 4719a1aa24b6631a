package dev.switchboard.interop;

import dev.switchboard.testing.NginxProcess;
import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test of peer selection: Debian's nginx (one process, {@code worker_processes 1}) and Switchboard run
 * the same configuration over the same backends, and every pick must be identical. Each backend answers with its
 * name in {@code X-Backend}. Keys that come from the client address use a new connection per request, bound to a
 * distinct address in 127.0.0.0/8; the others reuse one keep-alive connection.
 */
class BalancingDifferentialTest {

    static final int N = 1000;

    @TempDir
    Path dir;

    final List<TestBackend> backends = new ArrayList<>();
    final List<AutoCloseable> running = new ArrayList<>();
    int instances;

    @BeforeEach
    void start() {
        NginxProcess.require();
        for (String name : List.of("A", "B", "C", "D")) {
            backends.add(new TestBackend(name));
        }
    }

    @AfterEach
    void stop() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        backends.forEach(TestBackend::close);
    }

    // hash $remote_addr consistent, ip_hash, hash $remote_addr: 1,000 client addresses

    /**
     * {@code method}: the balancing directive; {@code variant}: plain (4 servers), weight (weight=3 on B), down (C
     * marked down), removed (C removed from the config, compared with the full config).
     */
    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', value = {
            "hash $remote_addr consistent | plain",
            "hash $remote_addr consistent | weight",
            "hash $remote_addr consistent | down",
            "hash $remote_addr consistent | removed",
            "ip_hash                      | plain",
            "ip_hash                      | weight",
            "ip_hash                      | down",
            "ip_hash                      | removed",
            "hash $remote_addr            | plain",
            "hash $remote_addr            | weight",
            "hash $remote_addr            | down",
            "hash $remote_addr            | removed"})
    void clientAddressKeysPickTheSamePeerAsNginx(String method, String variant) throws Exception {
        List<String> addresses = addresses(N, 42);
        IntFunction<String> request = i -> "GET /addr/" + i + " HTTP/1.1\r\nHost: example.com\r\n"
                + "Connection: close\r\n\r\n";
        String[] full = upstream(method, "plain".equals(variant) || "removed".equals(variant) ? "" : variant);
        String[] viaNginx = byAddress(full, addresses, request);
        assertDistribution(viaNginx, "down".equals(variant) ? "ABD" : "ABCD");
        if ("weight".equals(variant)) {
            Map<String, Integer> counts = counts(viaNginx);
            assertThat(counts.get("B")).as("weight=3 on B: picks per backend %s", counts)
                    .isGreaterThan(counts.get("A")).isGreaterThan(counts.get("D"));
        }
        if (!"removed".equals(variant)) {
            return;
        }
        String[] reduced = byAddress(upstream(method, "removed"), addresses, request);
        assertDistribution(reduced, "ABD");
        int moved = 0;
        int onC = 0;
        List<String> wrongMoves = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            if (viaNginx[i].equals("C")) {
                onC++;
            }
            if (!viaNginx[i].equals(reduced[i])) {
                moved++;
                if (!viaNginx[i].equals("C")) {
                    wrongMoves.add(addresses.get(i) + ": " + viaNginx[i] + " -> " + reduced[i]);
                }
            }
        }
        if (method.contains("consistent")) {
            // Only the removed server's keys move, and those are about a quarter of them.
            assertThat(wrongMoves).as("keys that moved although their server stayed").isEmpty();
            assertThat(moved).as("keys that moved").isEqualTo(onC);
            assertThat(moved / (double) N).as("fraction of keys that moved").isBetween(0.10, 0.40);
        } else {
            // Modulo-style hashes reshuffle: only recorded as a sanity check that removing a server matters.
            assertThat(moved).as("keys that moved").isGreaterThanOrEqualTo(onC);
        }
    }

    @Test
    void downServerMovesOnlyItsOwnKeysUnderConsistentHash() throws Exception {
        List<String> addresses = addresses(N, 7);
        IntFunction<String> request = i -> "GET / HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n";
        String[] up = byAddress(upstream("hash $remote_addr consistent", ""), addresses, request);
        String[] down = byAddress(upstream("hash $remote_addr consistent", "down"), addresses, request);
        for (int i = 0; i < N; i++) {
            if (!up[i].equals("C")) {
                assertThat(down[i]).as("%s kept its server when C went down", addresses.get(i)).isEqualTo(up[i]);
            } else {
                assertThat(down[i]).as("%s left C", addresses.get(i)).isNotEqualTo("C");
            }
        }
    }

    @Test
    void twoSwitchboardInstancesRouteEveryClientAddressAlike() throws Exception {
        String config = config("hash $remote_addr consistent;\n" + servers(""));
        TestProxy first = proxy(config);
        TestProxy second = proxy(config);
        List<String> addresses = addresses(N, 99);
        String request = "GET /two HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n";
        String[] one = parallel(N, i -> backendOf(RawHttp.exchange(addresses.get(i), first.port(), request)));
        String[] two = parallel(N, i -> backendOf(RawHttp.exchange(addresses.get(i), second.port(), request)));
        assertThat(differences(addresses, one, "first", two, "second")).isEmpty();
        assertDistribution(one, "ABCD");
    }

    // keys from the request: one keep-alive connection each

    @Test
    void consistentHashOfRequestUri() throws Exception {
        String[] upstream = upstream("hash $request_uri consistent", "");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            keys.add("/items/" + i + (i % 3 == 0 ? "?page=" + (i % 17) : "") + (i % 7 == 0 ? "&q=a%20b" : ""));
        }
        assertSameSequence(upstream, keys, uri -> "GET " + uri + " HTTP/1.1\r\nHost: example.com\r\n\r\n", "ABCD");
    }

    @Test
    void consistentHashOfAHeader() throws Exception {
        String[] upstream = upstream("hash $http_x_user_id consistent", "weight");
        List<String> keys = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < N; i++) {
            keys.add(i % 2 == 0 ? "user-" + i : Long.toHexString(random.nextLong()));
        }
        assertSameSequence(upstream, keys,
                id -> "GET /me HTTP/1.1\r\nHost: example.com\r\nX-User-Id: " + id + "\r\n\r\n", "ABCD");
    }

    @Test
    void plainHashOfAQueryArgument() throws Exception {
        String[] upstream = upstream("hash $arg_room", "");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            // nginx hashes the raw (not percent-decoded) argument text
            keys.add(i % 5 == 0 ? "room%20" + i : i % 11 == 0 ? "R%C3%A9union-" + i : "room-" + i);
        }
        assertSameSequence(upstream, keys,
                room -> "GET /chat?x=1&room=" + room + "&y=2 HTTP/1.1\r\nHost: example.com\r\n\r\n", "ABCD");
    }

    // round robin and least_conn: the same sequence of 1,000 sequential picks

    @ParameterizedTest(name = "{0} weights {1}")
    @CsvSource(delimiter = '|', value = {
            "''          | 5,1,1",
            "''          | 3,2,1",
            "least_conn; | 5,1,1",
            "least_conn; | 3,2,1",
            "least_conn; | 1,1,1,1"})
    void sequentialPicksFollowTheSameSequence(String method, String weights) throws Exception {
        String[] w = weights.split(",");
        StringBuilder servers = new StringBuilder(method).append('\n');
        for (int i = 0; i < w.length; i++) {
            servers.append("    server 127.0.0.1:").append(backends.get(i).port()).append(" weight=").append(w[i])
                    .append(";\n");
        }
        String[] upstream = pair(config(servers.toString()));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            keys.add("/seq/" + i);
        }
        String[] viaNginx = assertSameSequence(upstream, keys,
                uri -> "GET " + uri + " HTTP/1.1\r\nHost: example.com\r\n\r\n", "ABCD".substring(0, w.length));
        if (weights.equals("5,1,1")) {
            assertThat(String.join("", List.of(viaNginx).subList(0, 7))).isEqualTo("AABACAA");
        }
        Map<String, Integer> counts = counts(viaNginx);
        for (int i = 0; i < w.length; i++) {
            int total = 0;
            for (String x : w) {
                total += Integer.parseInt(x);
            }
            assertThat(counts.get("ABCD".substring(i, i + 1)))
                    .as("share of %s with weights %s: %s", "ABCD".charAt(i), weights, counts)
                    .isBetween(N * Integer.parseInt(w[i]) / total - 2, N * Integer.parseInt(w[i]) / total + 2);
        }
    }

    // helpers

    /** nginx and Switchboard on the upstream body; returns {nginx port, switchboard port} as strings. */
    String[] upstream(String method, String variant) throws Exception {
        return pair(config(method + ";\n" + servers(variant)));
    }

    /** Server lines over the 4 backends; variant "weight" puts weight=3 on B, "down" marks C down, "removed" drops C. */
    String servers(String variant) {
        StringBuilder out = new StringBuilder();
        for (TestBackend b : backends) {
            String params = "";
            if (b.name().equals("B") && variant.equals("weight")) {
                params = " weight=3";
            } else if (b.name().equals("C") && variant.equals("down")) {
                params = " down";
            } else if (b.name().equals("C") && variant.equals("removed")) {
                continue;
            }
            out.append("    server 127.0.0.1:").append(b.port()).append(params).append(";\n");
        }
        return out.toString();
    }

    static String config(String upstreamBody) {
        return """
                events { worker_connections 1024; }
                http {
                  upstream pool {
                    %s
                  }
                  server {
                    listen 127.0.0.1:PORT;
                    location / {
                      proxy_pass http://pool;
                      proxy_connect_timeout 4s;
                    }
                  }
                }
                """.formatted(upstreamBody.strip());
    }

    String[] pair(String config) throws Exception {
        Path nginxDir = dir.resolve("nginx-" + instances++);
        NginxProcess nginx = NginxProcess.start(nginxDir, NginxProcess.withPrefixPaths(config, nginxDir));
        running.add(nginx);
        TestProxy proxy = proxy(NginxProcess.withPrefixPaths(config, nginxDir));
        return new String[]{Integer.toString(nginx.port()), Integer.toString(proxy.port()), nginx.prefix().toString()};
    }

    TestProxy proxy(String config) {
        Path prefix = dir.resolve("switchboard-" + instances++);
        TestProxy proxy = new TestProxy(config, prefix);
        running.add(proxy);
        return proxy;
    }

    /** One request per address, each on a new connection from that address, to nginx and then Switchboard. */
    String[] byAddress(String[] ports, List<String> addresses, IntFunction<String> request) throws Exception {
        int nginxPort = Integer.parseInt(ports[0]);
        int switchboardPort = Integer.parseInt(ports[1]);
        String[] viaNginx = parallel(addresses.size(),
                i -> backendOf(RawHttp.exchange(addresses.get(i), nginxPort, request.apply(i))));
        String[] viaSwitchboard = parallel(addresses.size(),
                i -> backendOf(RawHttp.exchange(addresses.get(i), switchboardPort, request.apply(i))));
        assertThat(differences(addresses, viaNginx, "nginx", viaSwitchboard, "switchboard"))
                .as("client addresses routed differently (upstream as in %s/nginx.conf)", ports[2]).isEmpty();
        return viaNginx;
    }

    /** The keys in order over one keep-alive connection to nginx, then to Switchboard; the picks must be equal. */
    String[] assertSameSequence(String[] ports, List<String> keys, java.util.function.Function<String, String> request,
                                String backendsUsed) throws Exception {
        String[] viaNginx = sequence(Integer.parseInt(ports[0]), keys, request);
        String[] viaSwitchboard = sequence(Integer.parseInt(ports[1]), keys, request);
        assertThat(differences(keys, viaNginx, "nginx", viaSwitchboard, "switchboard"))
                .as("picks that differ (upstream as in %s/nginx.conf)", ports[2]).isEmpty();
        assertDistribution(viaNginx, backendsUsed);
        return viaNginx;
    }

    static String[] sequence(int port, List<String> keys, java.util.function.Function<String, String> request) {
        String[] out = new String[keys.size()];
        try (KeepAliveClient client = new KeepAliveClient(port)) {
            for (int i = 0; i < keys.size(); i++) {
                out[i] = backendOf(client.exchange(request.apply(keys.get(i))));
            }
        }
        return out;
    }

    /** Runs {@code pick} for 0..n-1 on 3 threads (the address-keyed picks do not depend on order). */
    static String[] parallel(int n, IntFunction<String> pick) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> pick.apply(index)));
            }
            String[] out = new String[n];
            for (int i = 0; i < n; i++) {
                out[i] = futures.get(i).get();
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static List<String> differences(List<String> keys, String[] left, String leftName, String[] right,
                                    String rightName) {
        List<String> out = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (!left[i].equals(right[i])) {
                if (++count <= 25) {
                    out.add("#" + i + " " + keys.get(i) + ": " + leftName + "=" + left[i] + " " + rightName + "="
                            + right[i]);
                }
            }
        }
        if (count > 25) {
            out.add("... " + count + " of " + keys.size() + " differ in all");
        }
        return out;
    }

    static Map<String, Integer> counts(String[] picks) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String p : picks) {
            counts.merge(p, 1, Integer::sum);
        }
        return counts;
    }

    /** Every pick is one of {@code names} (one letter each), and each of them was picked at least once. */
    static void assertDistribution(String[] picks, String names) {
        Map<String, Integer> counts = counts(picks);
        List<String> expected = new ArrayList<>();
        for (char c : names.toCharArray()) {
            expected.add(String.valueOf(c));
        }
        assertThat(counts.keySet()).as("backends picked by nginx: %s", counts)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * {@code n} distinct addresses spread over 127.0.0.0/8 (127.x.y.z, z in 1..254), starting with 127.0.0.1; every
     * tenth shares the /24 of the one before it, which ip_hash must send to the same peer.
     */
    static List<String> addresses(int n, long seed) {
        Random random = new Random(seed);
        LinkedHashSet<String> out = new LinkedHashSet<>();
        out.add("127.0.0.1");
        while (out.size() < n) {
            int x = random.nextInt(256);
            int y = random.nextInt(256);
            out.add("127." + x + "." + y + "." + (1 + random.nextInt(254)));
            if (out.size() % 10 == 9) {
                out.add("127." + x + "." + y + "." + (1 + random.nextInt(254)));
            }
        }
        return List.copyOf(out).subList(0, n);
    }

    /** The X-Backend of a response, or its status line when there is none (an error response). */
    static String backendOf(String response) {
        int i = response.indexOf("\r\nX-Backend: ");
        if (i < 0) {
            int eol = response.indexOf("\r\n");
            return "<" + (eol < 0 ? response : response.substring(0, eol)) + ">";
        }
        return response.substring(i + 13, response.indexOf("\r\n", i + 2));
    }

    /**
     * A minimal HTTP/1.1 client on one connection (reopened when the server closes it, e.g. after
     * keepalive_requests): responses are framed by Content-Length or chunked encoding.
     */
    static final class KeepAliveClient implements AutoCloseable {
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        KeepAliveClient(int port) {
            this.port = port;
        }

        String exchange(String request) {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setSoTimeout(10_000);
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                    in = new java.io.BufferedInputStream(socket.getInputStream());
                    out = socket.getOutputStream();
                }
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String head = readHead();
                String lower = head.toLowerCase(Locale.ROOT);
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                int cl = lower.indexOf("\r\ncontent-length:");
                if (lower.contains("\r\ntransfer-encoding: chunked")) {
                    while (true) {
                        String sizeLine = readLine();
                        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                        if (size == 0) {
                            while (!readLine().isEmpty()) {
                                // trailers
                            }
                            break;
                        }
                        body.write(in.readNBytes(size));
                        readLine();
                    }
                } else if (cl >= 0) {
                    int length = Integer.parseInt(head.substring(cl + 17, head.indexOf("\r\n", cl + 2)).trim());
                    body.write(in.readNBytes(length));
                } else {
                    body.write(in.readAllBytes());
                    closeSocket();
                }
                if (lower.contains("\r\nconnection: close")) {
                    closeSocket();
                }
                return head + body.toString(StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String readHead() throws IOException {
            StringBuilder head = new StringBuilder();
            String line;
            while (!(line = readLine()).isEmpty()) {
                head.append(line).append("\r\n");
            }
            return head.append("\r\n").toString();
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int len = line.length();
                    return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
                }
                line.append((char) c);
            }
            throw new IOException("connection closed mid-response after: " + line);
        }

        private void closeSocket() throws IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }

        @Override
        public void close() {
            try {
                closeSocket();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
