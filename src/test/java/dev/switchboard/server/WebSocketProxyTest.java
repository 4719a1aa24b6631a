package dev.switchboard.server;

import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import dev.switchboard.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The classic nginx WebSocket recipe through the proxy, over real loopback sockets. */
class WebSocketProxyTest {

    @TempDir
    Path prefix;

    TestBackend a;
    TestBackend b;
    TestProxy proxy;

    static String recipe(int portA, int portB) {
        return """
                events { worker_connections 1024; }
                http {
                  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                  upstream socket.kevin { hash $remote_addr consistent; server 127.0.0.1:%d; server 127.0.0.1:%d; }
                  server {
                    listen 127.0.0.1:PORT;
                    add_header Access-Control-Allow-Origin *;
                    add_header Access-Control-Allow-Methods 'GET, POST, OPTIONS';
                    add_header Access-Control-Allow-Headers 'DNT,X-Mx-ReqToken,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Authorization';
                    if ($request_method = 'OPTIONS') { return 204; }
                    location / {
                      root html; index index.html index.htm;
                      proxy_pass http://socket.kevin/;
                      proxy_set_header Host $host:$server_port;
                      proxy_http_version 1.1;
                      proxy_connect_timeout 4s; proxy_read_timeout 60s; proxy_send_timeout 12s;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection "upgrade";
                    }
                  }
                }
                """.formatted(portA, portB);
    }

    @BeforeEach
    void start() {
        a = new TestBackend("A");
        b = new TestBackend("B");
        proxy = new TestProxy(recipe(a.port(), b.port()), prefix);
    }

    @AfterEach
    void stop() {
        proxy.close();
        a.close();
        b.close();
    }

    @Test
    void echoesTextAndBinaryOfAllSizes() throws Exception {
        WsClient client = WsClient.connect(proxy.ws("/chat"));
        client.socket().sendText("hello", true).join();
        assertThat(client.next().text()).isEqualTo("hello");
        for (int size : new int[]{1, 125, 126, 65535, 65536, 1 << 20, 16 << 20}) {
            byte[] payload = new byte[size];
            new Random(size).nextBytes(payload);
            client.socket().sendBinary(ByteBuffer.wrap(payload), true).join();
            assertThat(client.next().binary()).as("binary of %d bytes", size).isEqualTo(payload);
        }
        String big = "x".repeat(1 << 20);
        client.socket().sendText(big, true).join();
        assertThat(client.next().text()).isEqualTo(big);
    }

    @Test
    void fragmentedMessagesAndPingPongPassThrough() throws Exception {
        WsClient client = WsClient.connect(proxy.ws("/"));
        client.socket().sendText("part1-", false).join();
        client.socket().sendText("part2-", false).join();
        client.socket().sendText("end", true).join();
        assertThat(client.next().text()).isEqualTo("part1-part2-end");
        client.socket().sendPing(ByteBuffer.wrap("are you there".getBytes())).join();
        assertThat(client.next().text()).isEqualTo("PONG:are you there");
    }

    @Test
    void closeCodesAndReasonsPassThroughUnchanged() {
        WsClient client = WsClient.connect(proxy.ws("/"));
        client.socket().sendClose(4321, "bye now").join();
        assertThat(client.closeCode()).isEqualTo(4321);
        assertThat(client.closeReason()).isEqualTo("bye now");
    }

    @Test
    void subprotocolIsNegotiatedThroughTheProxy() {
        WsClient client = WsClient.connect(proxy.ws("/"), "superchat");
        assertThat(client.socket().getSubprotocol()).isEqualTo("superchat");
    }

    @Test
    void backendSeesTheHeadersTheRecipeSets() throws Exception {
        WsClient client = WsClient.connect(proxy.ws("/room/1?x=1"));
        client.socket().sendText("whoami", true).join();
        String backend = client.next().text();
        TestBackend chosen = backend.equals("A") ? a : b;
        String head = chosen.heads().get(chosen.heads().size() - 1);
        assertThat(head).startsWith("GET /room/1?x=1 HTTP/1.1");
        assertThat(head).contains("\nHost: 127.0.0.1:" + proxy.port())
                .contains("\nUpgrade: websocket").contains("\nConnection: upgrade")
                .contains("\nSec-WebSocket-Key: ").doesNotContain("\nConnection: Upgrade");
    }

    @Test
    void optionsIsAnsweredWith204AndCorsHeaders() {
        String response = RawHttp.exchange(null, proxy.port(),
                "OPTIONS /anything HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 204 No Content\r\n");
        assertThat(response).contains("Access-Control-Allow-Origin: *\r\n")
                .contains("Access-Control-Allow-Methods: GET, POST, OPTIONS\r\n")
                .contains("Access-Control-Allow-Headers: DNT,X-Mx-ReqToken,");
        assertThat(a.heads()).isEmpty();
        assertThat(b.heads()).isEmpty();
    }

    @Test
    void plainGetAndPostAreProxiedWithBodies() {
        String get = RawHttp.exchange(null, proxy.port(),
                "GET /api/items?id=7 HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");
        assertThat(get).startsWith("HTTP/1.1 200 OK\r\n").contains("GET /api/items?id=7 HTTP/1.1\n")
                .contains("Access-Control-Allow-Origin: *");
        String post = RawHttp.exchange(null, proxy.port(),
                "POST /submit HTTP/1.1\r\nHost: example.com\r\nContent-Length: 11\r\nConnection: close\r\n\r\n"
                        + "hello=world");
        assertThat(post).startsWith("HTTP/1.1 200 OK\r\n").contains("POST /submit HTTP/1.1\n")
                .contains("Content-Length: 11").endsWith("hello=world");
        String chunked = RawHttp.exchange(null, proxy.port(),
                "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        assertThat(chunked).startsWith("HTTP/1.1 200 OK\r\n").endsWith("hello world");
    }

    @Test
    void consistentHashRoutesEachClientAddressToOneBackend() {
        for (int i = 1; i <= 40; i++) {
            String from = "127.0." + (i / 10) + "." + (10 + i);
            String first = backendOf(RawHttp.exchange(from, proxy.port(),
                    "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            String again = backendOf(RawHttp.exchange(from, proxy.port(),
                    "GET /other HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            assertThat(again).as("client %s", from).isEqualTo(first);
        }
    }

    static String backendOf(String response) {
        int i = response.indexOf("X-Backend: ");
        assertThat(i).as("response has X-Backend: %s", response).isPositive();
        return response.substring(i + 11, response.indexOf("\r\n", i));
    }
}
