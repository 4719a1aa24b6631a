package dev.switchboard.server;

import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Routing, rewriting and header rules through the running proxy, over loopback sockets. */
class HttpFeaturesTest {

    @TempDir
    Path prefix;

    TestBackend backend;
    TestProxy proxy;

    @BeforeEach
    void start() throws Exception {
        backend = new TestBackend("A");
        Files.createDirectories(prefix.resolve("errors"));
        Files.writeString(prefix.resolve("errors/50x.html"), "sorry, try later");
        String b = "127.0.0.1:" + backend.port();
        proxy = new TestProxy("""
                http {
                  map $http_x_tier $tier { default free; gold premium; ~^plat(.*)$ vip$1; }
                  upstream be { server %s; }
                  server {
                    listen 127.0.0.1:PORT default_server;
                    server_name default.test;
                    location /plain { proxy_pass http://be; }
                    location /api/ { proxy_pass http://be/v2/; }
                    location = /exact { proxy_pass http://%s/only; }
                    location ~ ^/re/(\\w+)$ { proxy_pass http://be; add_header X-Cap $1; }
                    location /hdr {
                      proxy_pass http://be;
                      proxy_set_header X-Tier $tier;
                      proxy_set_header User-Agent "";
                      proxy_set_header X-Real-IP $remote_addr;
                      add_header X-Always yes always;
                      add_header X-Only-Ok yes;
                    }
                    location /var { set $target %s; proxy_pass http://$target; }
                    location /gone { return 301 /new; }
                    location /text { return 200 "tier=$tier"; }
                    location /teapot { if ($arg_x = 1) { return 418; } return 200 ok; }
                    location /down { proxy_pass http://127.0.0.1:%d; error_page 502 /errors/50x.html; }
                    location /errors/ { root .; }
                  }
                  server {
                    listen 127.0.0.1:PORT;
                    server_name *.example.com;
                    location / { return 200 "wildcard $host"; }
                  }
                }
                """.formatted(b, b, b, TestProxy.freePort()), prefix);
    }

    @AfterEach
    void stop() {
        proxy.close();
        backend.close();
    }

    private String get(String path, String... headers) {
        StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: default.test\r\n");
        for (String h : headers) {
            req.append(h).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        return RawHttp.exchange(null, proxy.port(), req.toString());
    }

    private String lastHead() {
        return backend.heads().get(backend.heads().size() - 1);
    }

    @Test
    void uriIsPassedOrReplacedAsNginxDoes() {
        get("/plain/a%20b?q=1");
        assertThat(lastHead()).startsWith("GET /plain/a%20b?q=1 HTTP/1.0\n");
        get("/api/users/7?full=1");
        assertThat(lastHead()).startsWith("GET /v2/users/7?full=1 HTTP/1.0\n");
        get("/api/a%20b");
        assertThat(lastHead()).startsWith("GET /v2/a%20b HTTP/1.0\n");
        get("/exact");
        assertThat(lastHead()).startsWith("GET /only HTTP/1.0\n");
    }

    @Test
    void defaultHeadersAreProxyHostAndConnectionClose() {
        get("/plain", "Keep-Alive: 300", "Upgrade: websocket", "X-Custom: 1");
        String head = lastHead();
        assertThat(head).contains("\nHost: be\n").contains("\nConnection: close\n").contains("\nX-Custom: 1\n")
                .doesNotContain("Keep-Alive").doesNotContain("Upgrade");
    }

    @Test
    void setHeaderWithMapValuesEmptyValuesDropHeaders() {
        get("/hdr", "X-Tier: platinum", "User-Agent: curl");
        assertThat(lastHead()).contains("\nX-Tier: vipinum\n").contains("\nX-Real-IP: 127.0.0.1\n")
                .doesNotContain("User-Agent");
        get("/hdr", "X-Tier: gold");
        assertThat(lastHead()).contains("\nX-Tier: premium\n");
    }

    @Test
    void addHeaderRespectsStatusUnlessAlways() {
        String ok = get("/hdr");
        assertThat(ok).contains("X-Always: yes").contains("X-Only-Ok: yes");
        String cap = get("/re/word");
        assertThat(cap).contains("X-Cap: word");
    }

    @Test
    void variablesInProxyPassAndReturnAndIf() {
        String r = get("/var/x");
        assertThat(r).startsWith("HTTP/1.1 200 OK").contains("X-Backend: A");
        assertThat(get("/gone")).startsWith("HTTP/1.1 301 Moved Permanently\r\n")
                .contains("Location: http://default.test/new\r\n");
        assertThat(get("/text", "X-Tier: gold")).endsWith("tier=premium");
        assertThat(get("/teapot?x=1")).startsWith("HTTP/1.1 418 ");
        assertThat(get("/teapot?x=2")).startsWith("HTTP/1.1 200 OK").endsWith("ok");
    }

    @Test
    void errorPageServesLocalPageForProxyErrors() {
        String r = get("/down");
        assertThat(r).startsWith("HTTP/1.1 502 Bad Gateway\r\n").endsWith("sorry, try later");
    }

    @Test
    void serverNameSelectsVirtualServer() {
        String r = RawHttp.exchange(null, proxy.port(),
                "GET / HTTP/1.1\r\nHost: Chat.Example.com:8080\r\nConnection: close\r\n\r\n");
        assertThat(r).endsWith("wildcard chat.example.com");
        String other = RawHttp.exchange(null, proxy.port(),
                "GET /text HTTP/1.1\r\nHost: unknown.test\r\nConnection: close\r\n\r\n");
        assertThat(other).endsWith("tier=free");
    }

    @Test
    void keepAliveServesPipelinedRequestsInOrder() {
        String r = RawHttp.exchange(null, proxy.port(),
                "GET /text HTTP/1.1\r\nHost: default.test\r\n\r\n"
                        + "GET /plain/second HTTP/1.1\r\nHost: default.test\r\n\r\n"
                        + "GET /teapot?x=1 HTTP/1.1\r\nHost: default.test\r\nConnection: close\r\n\r\n");
        int first = r.indexOf("tier=free");
        int second = r.indexOf("GET /plain/second HTTP/1.0");
        int third = r.indexOf("HTTP/1.1 418 ");
        assertThat(first).isPositive();
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(r.substring(0, first)).contains("Connection: keep-alive");
    }

    @Test
    void chunkedBodyToHttp10BackendIsSentWithItsLength() {
        String r = RawHttp.exchange(null, proxy.port(), "POST /plain/up HTTP/1.1\r\nHost: default.test\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200 OK").endsWith("abcdefg");
        assertThat(lastHead()).startsWith("POST /plain/up HTTP/1.0\n").contains("\nContent-Length: 7")
                .doesNotContain("chunked");
    }

    @Test
    void prefixWithoutTrailingSlashIsRedirectedForProxyLocations() {
        assertThat(get("/api?x=1")).startsWith("HTTP/1.1 301 Moved Permanently\r\n")
                .contains("Location: http://default.test/api/?x=1\r\n");
        assertThat(backend.heads()).isEmpty();
    }

    @Test
    void theLastRequestAllowedOnAConnectionIsAnsweredWithConnectionClose() {
        try (TestProxy limited = new TestProxy("""
                http { server { listen 127.0.0.1:PORT; keepalive_requests 2; location / { return 200 "r$connection"; } } }
                """, prefix)) {
            String r = RawHttp.exchange(null, limited.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
            int second = r.indexOf("HTTP/1.1 200", 1);
            assertThat(r.substring(0, second)).contains("Connection: keep-alive");
            assertThat(r.substring(second)).as("the 2nd of keepalive_requests 2 says close, as nginx")
                    .contains("Connection: close");
            assertThat(r.indexOf("HTTP/1.1 200", second + 1)).as("no third response").isNegative();
        }
    }
}
