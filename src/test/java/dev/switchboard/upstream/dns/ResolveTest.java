package dev.switchboard.upstream.dns;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Parser;
import dev.switchboard.server.ConfigLoader;
import dev.switchboard.testing.Dnsmasq;
import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import dev.switchboard.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code resolver} and {@code server NAME resolve} against a real DNS server (dnsmasq on a loopback port) whose
 * answers change during the test; the backends listen on distinct 127.0.0.x addresses.
 */
class ResolveTest {

    private static final Pattern BACKEND = Pattern.compile("X-Backend: (\\w+)");

    @TempDir
    Path prefix;

    private static String backendOf(TestProxy proxy, String path) {
        String response = RawHttp.exchange(null, proxy.port(),
                "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Matcher m = BACKEND.matcher(response);
        return m.find() ? m.group(1) : response.lines().findFirst().orElse("no response");
    }

    private TestProxy proxy(Dnsmasq dns, String upstream) {
        return new TestProxy("""
                http {
                  resolver 127.0.0.1:%d valid=1s ipv6=off;
                  resolver_timeout 2s;
                  upstream be { zone be 64k; %s }
                  server {
                    listen 127.0.0.1:PORT;
                    location / {
                      proxy_pass http://be;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection $http_connection;
                    }
                  }
                }
                """.formatted(dns.port(), upstream), prefix);
    }

    private static int peers(TestProxy proxy) {
        return proxy.switchboard().runtime().upstreams().get("be").balancer().group().number();
    }

    @Test
    void anAddedAddressGetsTrafficAndARemovedOneStopsWhileItsOpenConnectionsStay() throws Exception {
        try (TestBackend a = new TestBackend("A", new InetSocketAddress("127.0.0.2", 0));
             TestBackend b = new TestBackend("B", new InetSocketAddress("127.0.0.3", a.port()));
             Dnsmasq dns = Dnsmasq.start(prefix, "127.0.0.2 pool.test\n");
             TestProxy proxy = proxy(dns, "server pool.test:" + a.port() + " resolve;")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> peers(proxy) == 1);
            assertThat(backendOf(proxy, "/")).isEqualTo("A");
            WsClient ws = WsClient.connect(proxy.ws("/chat"));
            ws.socket().sendText("whoami", true);
            assertThat(ws.next().text()).isEqualTo("A");

            dns.hosts("127.0.0.2 pool.test\n127.0.0.3 pool.test\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> peers(proxy) == 2);
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < 10; i++) {
                seen.merge(backendOf(proxy, "/"), 1, Integer::sum);
            }
            assertThat(seen).containsOnlyKeys("A", "B").containsEntry("B", 5);

            dns.hosts("127.0.0.3 pool.test\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> peers(proxy) == 1);
            int aBefore = a.heads().size();
            for (int i = 0; i < 10; i++) {
                assertThat(backendOf(proxy, "/")).isEqualTo("B");
            }
            assertThat(a.heads()).hasSize(aBefore);
            // the tunnel to the removed address is untouched
            ws.socket().sendText("whoami", true);
            assertThat(ws.next().text()).isEqualTo("A");
            assertThat(proxy.switchboard().openTunnels()).isEqualTo(1);
        }
    }

    @Test
    void consistentHashMovesOnlyTheKeysOfTheRemovedOrAddedPeer() {
        String hosts = "127.0.0.2 a.test\n127.0.0.3 b.test\n127.0.0.4 c.test\n";
        try (TestBackend a = new TestBackend("A", new InetSocketAddress("127.0.0.2", 0));
             TestBackend b = new TestBackend("B", new InetSocketAddress("127.0.0.3", a.port()));
             TestBackend c = new TestBackend("C", new InetSocketAddress("127.0.0.4", a.port()));
             Dnsmasq dns = Dnsmasq.start(prefix, hosts);
             TestProxy proxy = proxy(dns, "hash $arg_k consistent; server a.test:%1$d resolve; "
                     .formatted(a.port()) + "server b.test:%1$d resolve; server c.test:%1$d resolve;"
                     .formatted(a.port()))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> peers(proxy) == 3);
            Map<String, String> before = route(proxy);
            assertThat(before.values()).contains("A", "B", "C");

            dns.hosts("127.0.0.2 a.test\n127.0.0.3 b.test\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> peers(proxy) == 2);
            Map<String, String> after = route(proxy);
            int moved = 0;
            for (Map.Entry<String, String> e : before.entrySet()) {
                if (e.getValue().equals("C")) {
                    assertThat(after.get(e.getKey())).isIn("A", "B");
                    moved++;
                } else {
                    assertThat(after.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
                }
            }
            // only C's share of the ring moved: about a third of the keys
            assertThat(moved / (double) before.size()).isBetween(0.15, 0.5);

            dns.hosts(hosts);
            await().atMost(Duration.ofSeconds(5)).until(() -> peers(proxy) == 3);
            assertThat(route(proxy)).isEqualTo(before);
        }
    }

    private static Map<String, String> route(TestProxy proxy) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < 150; i++) {
            String key = "user" + i;
            out.put(key, backendOf(proxy, "/?k=" + key));
        }
        return out;
    }

    @Test
    void resolveNeedsAZoneAndAResolverAsInNginx() {
        String noZone = """
                http {
                  resolver 127.0.0.1;
                  upstream be { server backend.test resolve; }
                  server { listen 127.0.0.1:8080; location / { proxy_pass http://be; } }
                }
                """;
        assertThatThrownBy(() -> ConfigLoader.compile(Parser.parseString(noZone, "t.conf", prefix), prefix))
                .isInstanceOf(ConfigException.class).hasMessageContaining("to be in shared memory");
        String noResolver = noZone.replace("resolver 127.0.0.1;", "").replace("{ server", "{ zone be 64k; server");
        assertThatThrownBy(() -> ConfigLoader.compile(Parser.parseString(noResolver, "t.conf", prefix), prefix))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no resolver defined");
        String upstreamLevel = noResolver.replace("zone be 64k;", "zone be 64k; resolver 127.0.0.1:5353 valid=5s;");
        assertThat(ConfigLoader.compile(Parser.parseString(upstreamLevel, "t.conf", prefix), prefix)).isNotNull();
    }
}
