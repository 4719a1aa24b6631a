package dev.switchboard.proxy;

import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.ObjectName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keep-alive client connection serves many proxied requests; once answered, a request's call (and with it its
 * exchange and request) must not stay reachable from the connection until it closes. Counted in the live heap.
 */
class ProxyCallRetentionTest {

    private static final int REQUESTS = 300;

    @TempDir
    Path prefix;

    @Test
    void answeredCallsOnAKeepAliveConnectionAreNotKept() throws Exception {
        try (TestBackend backend = new TestBackend("B");
             TestProxy proxy = new TestProxy("""
                     http {
                       server {
                         listen 127.0.0.1:PORT;
                         keepalive_requests 10000;
                         location / { proxy_pass http://127.0.0.1:%d; }
                       }
                     }
                     """.formatted(backend.port()), prefix);
             Socket client = new Socket("127.0.0.1", proxy.port())) {
            client.setSoTimeout(10_000);
            // proxies of earlier test classes may still be shutting down (Netty's quiet period) with their
            // connections: count only what this test adds
            long before = liveInstances(ProxyCall.class.getName());
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            for (int i = 0; i < REQUESTS; i++) {
                out.write(("GET /r" + i + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
            }
            // the connection is still open: every call it served is over
            assertThat(liveInstances(ProxyCall.class.getName()) - before).isLessThan(5);
        }
    }

    @Test
    void openTunnelsDoNotKeepTheirUpgradeRequests() throws Exception {
        int tunnels = 40;
        try (TestBackend backend = new TestBackend("B");
             TestProxy proxy = new TestProxy("""
                     http {
                       server {
                         listen 127.0.0.1:PORT;
                         location / {
                           proxy_pass http://127.0.0.1:%d;
                           proxy_http_version 1.1;
                           proxy_set_header Upgrade $http_upgrade;
                           proxy_set_header Connection upgrade;
                         }
                       }
                     }
                     """.formatted(backend.port()), prefix)) {
            java.util.List<dev.switchboard.testing.WsClient> open = new java.util.ArrayList<>();
            long connections = liveInstances("dev.switchboard.server.ClientConnection");
            long exchanges = liveInstances("dev.switchboard.http.Exchange");
            long calls = liveInstances(ProxyCall.class.getName());
            try {
                for (int i = 0; i < tunnels; i++) {
                    dev.switchboard.testing.WsClient ws = dev.switchboard.testing.WsClient.connect(
                            "ws://127.0.0.1:" + proxy.port() + "/ws" + i);
                    ws.socket().sendText("whoami", true).join();
                    assertThat(ws.next().text()).isEqualTo("B");
                    open.add(ws);
                }
                // every tunnel is open; the HTTP objects of its upgrade request are gone
                assertThat(liveInstances("dev.switchboard.server.ClientConnection") - connections).isLessThan(5);
                assertThat(liveInstances("dev.switchboard.http.Exchange") - exchanges).isLessThan(5);
                assertThat(liveInstances(ProxyCall.class.getName()) - calls).isLessThan(5);
                assertThat(liveInstances("dev.switchboard.websocket.Tunnel")).isGreaterThanOrEqualTo(tunnels);
            } finally {
                open.forEach(ws -> ws.socket().abort());
            }
        }
    }

    /** Reads one response with a Content-Length body; returns its head. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return text;
    }

    /** Live instances of a class after a full collection, from the JVM's class histogram (jcmd GC.class_histogram). */
    private static long liveInstances(String className) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[]{new String[0]}, new String[]{String[].class.getName()});
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[3].equals(className)) {
                return Long.parseLong(f[1]);
            }
        }
        return 0;
    }
}
