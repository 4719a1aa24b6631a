package dev.switchboard.upstream.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.SwitchableBackend;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import dev.switchboard.upstream.PeerSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Active health checks seen through the proxy: an unhealthy peer stops getting requests within about
 * {@code interval × fails} and gets them again once it passes {@code passes} checks.
 */
class HealthCheckProxyTest {

    private static final Pattern BACKEND = Pattern.compile("(?i)\r\nX-Backend: (\\S+)");

    @TempDir
    Path prefix;

    private static String config(String upstreamBody) {
        return """
                http {
                  upstream be { %s }
                  server {
                    listen 127.0.0.1:PORT;
                    location / { proxy_pass http://be; }
                  }
                }
                """.formatted(upstreamBody);
    }

    /** The X-Backend header of the response to {@code GET uri} through the proxy ("-" if none). */
    private static String backendFor(TestProxy proxy, String uri) {
        String r = RawHttp.exchange(null, proxy.port(), "GET " + uri + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Matcher m = BACKEND.matcher(r);
        return m.find() ? m.group(1) : "-";
    }

    private static List<String> backends(TestProxy proxy, int requests) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            out.add(backendFor(proxy, "/r" + i));
        }
        return out;
    }

    private static PeerSnapshot snapshot(TestProxy proxy, int port) {
        return proxy.switchboard().runtime().upstreams().get("be").balancer().group().snapshots().stream()
                .filter(s -> s.address().getPort() == port).findFirst().orElseThrow();
    }

    @Test
    void unhealthyPeerGetsNoTrafficUntilItRecovers() {
        try (TestBackend a = new TestBackend("A"); TestBackend b = new TestBackend("B");
             SwitchableBackend c = new SwitchableBackend("C");
             TestProxy proxy = new TestProxy(config("""
                     server 127.0.0.1:%d; server 127.0.0.1:%d; server 127.0.0.1:%d;
                     health_check interval=100ms fails=2 passes=2 uri=/status;
                     """.formatted(a.port(), b.port(), c.port())), prefix)) {
            assertThat(backends(proxy, 6)).contains("A", "B", "C");
            await().atMost(Duration.ofSeconds(2)).until(() -> snapshot(proxy, c.port()).healthChecks() > 0);
            assertThat(snapshot(proxy, c.port()).health()).isEqualTo(PeerSnapshot.Health.HEALTHY);

            c.status(500);
            // two failed checks at 100 ms intervals: allow generous slack for a loaded machine, but stay bounded
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> snapshot(proxy, c.port()).health() == PeerSnapshot.Health.UNHEALTHY);
            // fails=2: one failed check is not enough
            assertThat(snapshot(proxy, c.port()).healthCheckFailures()).isGreaterThanOrEqualTo(2);
            int served = c.requests();
            List<String> during = backends(proxy, 12);
            assertThat(during).containsOnly("A", "B");
            assertThat(snapshot(proxy, c.port()).state()).isEqualTo(PeerSnapshot.State.UP);
            // only health checks reached C meanwhile, never proxied requests
            assertThat(c.requests() - served).isLessThan(12);

            c.status(200);
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> backends(proxy, 3).contains("C"));
            assertThat(snapshot(proxy, c.port()).health()).isEqualTo(PeerSnapshot.Health.HEALTHY);
            assertThat(snapshot(proxy, c.port()).healthCheckFailures()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void consistentHashMovesOnlyTheUnhealthyPeersKeys() {
        try (TestBackend a = new TestBackend("A"); TestBackend b = new TestBackend("B");
             SwitchableBackend c = new SwitchableBackend("C");
             TestProxy proxy = new TestProxy(config("""
                     hash $request_uri consistent;
                     server 127.0.0.1:%d; server 127.0.0.1:%d; server 127.0.0.1:%d;
                     health_check interval=100ms;
                     """.formatted(a.port(), b.port(), c.port())), prefix)) {
            List<String> before = backends(proxy, 30);
            assertThat(before).contains("C");
            c.status(503);
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> snapshot(proxy, c.port()).health() == PeerSnapshot.Health.UNHEALTHY);
            List<String> during = backends(proxy, 30);
            for (int i = 0; i < before.size(); i++) {
                if (before.get(i).equals("C")) {
                    assertThat(during.get(i)).isIn("A", "B");
                } else {
                    assertThat(during.get(i)).isEqualTo(before.get(i));
                }
            }
            c.status(200);
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> snapshot(proxy, c.port()).health() == PeerSnapshot.Health.HEALTHY);
            assertThat(backends(proxy, 30)).isEqualTo(before);
        }
    }

    @Test
    void websocketCheckKeepsPlainHttpPeersOut() {
        try (TestBackend a = new TestBackend("A"); SwitchableBackend plain = new SwitchableBackend("C");
             TestProxy proxy = new TestProxy(config("""
                     server 127.0.0.1:%d; server 127.0.0.1:%d;
                     health_check type=websocket ping interval=100ms timeout=1s uri=/ws;
                     """.formatted(a.port(), plain.port())), prefix)) {
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> snapshot(proxy, plain.port()).health() == PeerSnapshot.Health.UNHEALTHY);
            assertThat(backends(proxy, 8)).containsOnly("A");
            await().atMost(Duration.ofSeconds(2)).until(() -> snapshot(proxy, a.port()).healthChecks() >= 2);
            PeerSnapshot healthy = snapshot(proxy, a.port());
            assertThat(healthy.health()).isEqualTo(PeerSnapshot.Health.HEALTHY);
            assertThat(healthy.healthCheckFailures()).isZero();
        }
    }

    @Test
    void mandatoryPeersStartUnhealthyAndJoinOncePassing() {
        int dead = TestProxy.freePort();
        try (TestBackend a = new TestBackend("A");
             TestProxy proxy = new TestProxy(config("""
                     server 127.0.0.1:%d; server 127.0.0.1:%d;
                     health_check interval=100ms passes=2 mandatory;
                     """.formatted(dead, a.port())), prefix)) {
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> snapshot(proxy, a.port()).health() == PeerSnapshot.Health.HEALTHY);
            assertThat(snapshot(proxy, a.port()).healthChecks()).isGreaterThanOrEqualTo(2);
            assertThat(snapshot(proxy, dead).health()).isEqualTo(PeerSnapshot.Health.UNHEALTHY);
            assertThat(backends(proxy, 6)).containsOnly("A");
            // the dead peer was never tried, so passive health never counted it
            assertThat(snapshot(proxy, dead).failures()).isZero();
        }
    }

    @Test
    void singleUnhealthyPeerGives502() {
        try (SwitchableBackend c = new SwitchableBackend("C");
             TestProxy proxy = new TestProxy(config("""
                     server 127.0.0.1:%d;
                     health_check interval=100ms;
                     """.formatted(c.port())), prefix)) {
            c.status(500);
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> snapshot(proxy, c.port()).health() == PeerSnapshot.Health.UNHEALTHY);
            String r = RawHttp.exchange(null, proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(r).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
        }
    }

    @Test
    void checksStopWhenTheProxyCloses() throws Exception {
        try (SwitchableBackend c = new SwitchableBackend("C")) {
            TestProxy proxy = new TestProxy(config("server 127.0.0.1:%d; health_check interval=100ms;"
                    .formatted(c.port())), prefix);
            await().atMost(Duration.ofSeconds(2)).until(() -> c.requests() >= 2);
            proxy.close();
            int after = c.requests();
            Thread.sleep(400);
            assertThat(c.requests()).isLessThanOrEqualTo(after + 1);
        }
    }
}
