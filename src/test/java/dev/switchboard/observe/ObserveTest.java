package dev.switchboard.observe;

import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import dev.switchboard.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Access logs, metrics, stub_status, the status JSON and the access phase, over real loopback sockets. */
class ObserveTest {

    @TempDir
    Path prefix;

    TestBackend backend;
    TestProxy proxy;

    @BeforeEach
    void start() throws Exception {
        backend = new TestBackend("A");
        // "secret" for every scheme: {PLAIN}, {SHA}, {SSHA} (salt "salt"), $apr1$ (htpasswd -m, salt "xyz")
        Files.writeString(prefix.resolve("htpasswd"), String.join("\n",
                "plain:{PLAIN}secret",
                "sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=",
                "ssha:{SSHA}" + ssha("secret", "salt"),
                "apr:$apr1$xyz$HXgo9gtz4gpj4JWTLYmjB0",
                "") );
        proxy = new TestProxy("""
                events { worker_connections 1024; }
                http {
                  log_format main '$remote_addr "$request" $status $body_bytes_sent $bytes_sent $request_length '
                                  'up=$upstream_addr us=$upstream_status c=$connection_requests';
                  log_format ws escape=json '{"status":$status,"dur":"$websocket_duration",'
                                            '"in":$websocket_messages_in,"out":$websocket_messages_out,'
                                            '"bin":$websocket_bytes_in,"bout":$websocket_bytes_out,'
                                            '"code":$websocket_close_code,"by":"$websocket_close_by",'
                                            '"ua":"$http_user_agent"}';
                  log_format plain '$status';
                  log_format vars '$remote_addr "$request" $request_uri $uri $args $server_name $status '
                                  '$request_length $connection_requests ua=$http_user_agent multi=$http_x_multi '
                                  'c=$cookie_a tag=$tag id=$request_id us=$upstream_status by=$websocket_close_by';
                  map $http_x_tag $tag { default none; blue b; }
                  access_log logs/main.log main;
                  upstream app { server 127.0.0.1:%d; }
                  server {
                    listen 127.0.0.1:PORT;
                    location / { proxy_pass http://app; proxy_http_version 1.1;
                                 proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection upgrade; }
                    location /ws { access_log logs/ws.log ws; proxy_pass http://app; proxy_http_version 1.1;
                                   proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection upgrade; }
                    location /wsvars { access_log logs/vars.log vars if=$http_x_log; proxy_pass http://app;
                                       proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade;
                                       proxy_set_header Connection upgrade; }
                    location /wsoff { access_log off; proxy_pass http://app; proxy_http_version 1.1;
                                      proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection upgrade; }
                    location /buffered { access_log logs/buffered.log plain buffer=64k flush=1s; return 204; }
                    location /quiet { access_log off; return 204; }
                    location /metrics { metrics; }
                    location = /basic_status { stub_status; }
                    location /status { status_page; }
                    location /private { allow 127.0.0.1; deny all; proxy_pass http://app; }
                    location /auth { auth_basic "Switchboard"; auth_basic_user_file htpasswd; proxy_pass http://app;
                                    proxy_set_header X-User $remote_user; }
                  }
                }
                """.formatted(backend.port()), prefix);
    }

    @AfterEach
    void stop() {
        proxy.close();
        backend.close();
    }

    static String ssha(String password, String salt) throws Exception {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] s = salt.getBytes(StandardCharsets.UTF_8);
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-1");
        sha.update(pw);
        sha.update(s);
        byte[] d = sha.digest();
        byte[] all = new byte[d.length + s.length];
        System.arraycopy(d, 0, all, 0, d.length);
        System.arraycopy(s, 0, all, d.length, s.length);
        return Base64.getEncoder().encodeToString(all);
    }

    String get(String path, String... headers) {
        return getFrom(null, path, headers);
    }

    String getFrom(String from, String path, String... headers) {
        return RawHttp.exchange(from, proxy.port(), "GET " + path + " HTTP/1.1\r\nHost: test\r\n"
                + String.join("", java.util.Arrays.stream(headers).map(h -> h + "\r\n").toList())
                + "Connection: close\r\n\r\n");
    }

    List<String> lines(String file) throws Exception {
        Path p = prefix.resolve("logs").resolve(file);
        return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.ISO_8859_1) : List.of();
    }

    @Test
    void httpRequestsAreLoggedWithNginxVariables() throws Exception {
        String response = get("/hello?x=1");
        assertThat(response).startsWith("HTTP/1.1 200");
        get("/quiet");
        await().atMost(Duration.ofSeconds(5)).until(() -> !lines("main.log").isEmpty());
        String line = lines("main.log").get(0);
        long sent = response.length();
        long body = sent - response.indexOf("\r\n\r\n") - 4;
        assertThat(line).startsWith("127.0.0.1 \"GET /hello?x=1 HTTP/1.1\" 200 " + body + " " + sent + " ")
                .contains("up=127.0.0.1:" + backend.port() + " us=200 c=1");
        Thread.sleep(200);
        assertThat(lines("main.log")).hasSize(1); // access_log off in /quiet
    }

    @Test
    void webSocketSessionIsLoggedOnceAtCloseWithItsCounters() throws Exception {
        WsClient client = WsClient.connect(proxy.ws("/ws"));
        client.socket().sendText("hello", true).join();
        assertThat(client.next().text()).isEqualTo("hello");
        client.socket().sendText("again", true).join();
        assertThat(client.next().text()).isEqualTo("again");
        assertThat(lines("ws.log")).isEmpty();
        String json = get("/status?format=json");
        assertThat(json).contains("\"open\":1").contains("\"messages_in\":2");
        client.socket().sendClose(4001, "bye").join();
        await().atMost(Duration.ofSeconds(5)).until(() -> !lines("ws.log").isEmpty());
        String line = lines("ws.log").get(0);
        assertThat(line).startsWith("{\"status\":101,\"dur\":\"").contains("\"in\":2,\"out\":2,")
                .contains("\"code\":4001,\"by\":\"client\"").contains("\"ua\":\"Java-http-client");
        assertThat(lines("ws.log")).hasSize(1);
        String metrics = get("/metrics");
        assertThat(metrics).contains("switchboard_websocket_handshakes_total{outcome=\"upgraded\"} 1.0")
                .contains("switchboard_websocket_messages_total{direction=\"in\"} 2.0")
                .contains("switchboard_websocket_close_total{by=\"client\",code=\"4xxx\"} 1.0");
    }

    /** Sends a WebSocket handshake with {@code headers}, reads the 101 and closes without a close frame. */
    private void upgradeAndLeave(String target, String... headers) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(5_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n" + String.join("", java.util.Arrays.stream(headers)
                    .map(h -> h + "\r\n").toList()) + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            StringBuilder head = new StringBuilder();
            java.io.InputStream in = socket.getInputStream();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).isNotNegative();
                head.append((char) b);
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
        }
    }

    @Test
    void webSocketSessionLogReadsTheUpgradeRequestAtClose() throws Exception {
        upgradeAndLeave("/wsvars/a%20b?q=1&r=2", "User-Agent: raw/1.0", "X-Multi: one", "X-Multi: two",
                "Cookie: a=1; b=2", "X-Tag: blue", "X-Log: yes");
        upgradeAndLeave("/wsvars/skipped", "X-Log: 0");
        await().atMost(Duration.ofSeconds(5)).until(() -> !lines("vars.log").isEmpty());
        Thread.sleep(300);
        assertThat(lines("vars.log")).hasSize(1); // if= is evaluated at close, from the upgrade request's headers
        String line = lines("vars.log").get(0);
        assertThat(line).matches("127\\.0\\.0\\.1 \"GET /wsvars/a%20b\\?q=1&r=2 HTTP/1\\.1\" /wsvars/a%20b\\?q=1&r=2 "
                + "/wsvars/a b q=1&r=2  101 \\d+ 1 ua=raw/1\\.0 multi=one, two c=1 tag=b id=[0-9a-f]{32} us=101 "
                + "by=client");
    }

    @Test
    void webSocketSessionWithoutAccessLogIsStillCounted() throws Exception {
        upgradeAndLeave("/wsoff", "X-Log: yes");
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/metrics")
                .contains("switchboard_websocket_close_total{by=\"client\",code=\"1006\"} 1.0"));
        assertThat(get("/metrics")).contains("switchboard_websocket_handshakes_total{outcome=\"upgraded\"} 1.0");
        assertThat(lines("main.log")).noneMatch(l -> l.contains("/wsoff"));
        assertThat(lines("vars.log")).isEmpty();
    }

    @Test
    void jsonEscapingFollowsNginx() throws Exception {
        get("/ws/plain", "User-Agent: a\"b\\c\td");
        await().atMost(Duration.ofSeconds(5)).until(() -> !lines("ws.log").isEmpty());
        assertThat(lines("ws.log").get(0)).contains("\"ua\":\"a\\\"b\\\\c\\td\"")
                .contains("\"dur\":\"\",\"in\":,"); // no session: empty values, as nginx's json escaping logs them
    }

    @Test
    void bufferedLogIsWrittenWhenFlushTimeIsUp() throws Exception {
        assertThat(get("/buffered")).startsWith("HTTP/1.1 204");
        Thread.sleep(300);
        assertThat(lines("buffered.log")).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> lines("buffered.log").equals(List.of("204")));
    }

    @Test
    void metricsAfterTraffic() {
        get("/a");
        get("/b");
        get("/private", "X: y");
        String metrics = get("/metrics");
        assertThat(metrics).startsWith("HTTP/1.1 200").contains("Content-Type: text/plain; version=0.0.4")
                .contains("switchboard_connections_accepted_total 4.0")
                .contains("switchboard_responses_total{status=\"2xx\"} 3.0")
                .contains("switchboard_upstream_peer_picks_total{peer=\"127.0.0.1:" + backend.port()
                        + "\",upstream=\"app\"} 3.0")
                .contains("switchboard_upstream_peer_up{peer=\"127.0.0.1:" + backend.port() + "\",upstream=\"app\"} 1.0")
                .contains("switchboard_upstream_response_seconds_count{peer=\"127.0.0.1:" + backend.port()
                        + "\",upstream=\"app\"} 3")
                .contains("switchboard_event_loop_pending_tasks{loop=\"0\"}")
                .contains("switchboard_access_log_dropped_total 0.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void stubStatusHasNginxFormat() {
        get("/a");
        String response = get("/basic_status");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(body).matches("Active connections: 1 \nserver accepts handled requests\n 2 2 2 \n"
                + "Reading: 0 Writing: 1 Waiting: 0 \n");
    }

    @Test
    void statusJsonAndPage() {
        get("/a");
        String json = get("/status.json");
        assertThat(json).contains("Content-Type: application/json").contains("\"requests\":2")
                .contains("\"upstreams\":[{\"name\":\"app\",\"peers\":[{\"server\":\"127.0.0.1:" + backend.port())
                .contains("\"picks\":1");
        assertThat(get("/status")).contains("text/html").contains("<title>Switchboard status</title>");
    }

    @Test
    void allowAndDeny() {
        assertThat(get("/private")).startsWith("HTTP/1.1 200");
        assertThat(getFrom("127.0.0.2", "/private")).startsWith("HTTP/1.1 403");
    }

    @Test
    void authBasic() {
        String none = get("/auth");
        assertThat(none).startsWith("HTTP/1.1 401").contains("WWW-Authenticate: Basic realm=\"Switchboard\"");
        for (String user : new String[]{"plain", "sha", "ssha", "apr"}) {
            String ok = get("/auth", "Authorization: Basic " + Base64.getEncoder()
                    .encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8)));
            assertThat(ok).as(user).startsWith("HTTP/1.1 200").containsIgnoringCase("x-user: " + user);
            String bad = get("/auth", "Authorization: Basic " + Base64.getEncoder()
                    .encodeToString((user + ":wrong").getBytes(StandardCharsets.UTF_8)));
            assertThat(bad).as(user).startsWith("HTTP/1.1 401");
        }
        assertThat(get("/auth", "Authorization: Basic " + Base64.getEncoder()
                .encodeToString("nobody:secret".getBytes(StandardCharsets.UTF_8)))).startsWith("HTTP/1.1 401");
    }
}
