package dev.switchboard.upstream.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.SwitchableBackend;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One check of one address, over loopback sockets, for each check type and each way a peer can fail it. */
class PeerProbeTest {

    private static EventLoopGroup loops;

    @BeforeAll
    static void loops() {
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static HealthCheckSpec http(StatusRanges status, BodyMatch body) {
        return new HealthCheckSpec(1000, 1, 1, "/health", 1000, HealthCheckSpec.Type.HTTP, false, status, body,
                false, 0);
    }

    private static HealthCheckSpec websocket(boolean ping) {
        return new HealthCheckSpec(1000, 1, 1, "/ws", 1000, HealthCheckSpec.Type.WEBSOCKET, ping,
                StatusRanges.DEFAULT, null, false, 0);
    }

    private static ProbeResult check(int port, HealthCheckSpec spec) {
        var future = PeerProbe.run(loops.next(), NioSocketChannel.class, new InetSocketAddress("127.0.0.1", port),
                "be", spec);
        assertThat(future.awaitUninterruptibly(5, TimeUnit.SECONDS)).as("result within 5s").isTrue();
        return future.getNow();
    }

    @Test
    void httpCheckPassesOn200AndSendsHostAndUri() {
        try (TestBackend backend = new TestBackend("A")) {
            assertThat(check(backend.port(), http(StatusRanges.DEFAULT, null))).isEqualTo(ProbeResult.PASSED);
            assertThat(backend.heads()).anySatisfy(h -> assertThat(h).startsWith("GET /health HTTP/1.1")
                    .contains("host: be").contains("user-agent: switchboard-health-check"));
        }
    }

    @Test
    void httpCheckFailsOnAStatusOutsideTheRanges() {
        try (SwitchableBackend backend = new SwitchableBackend("C")) {
            backend.status(500);
            ProbeResult r = check(backend.port(), http(StatusRanges.DEFAULT, null));
            assertThat(r.passed()).isFalse();
            assertThat(r.reason()).isEqualTo("status 500");
            assertThat(check(backend.port(), http(StatusRanges.parse("500"), null)).passed()).isTrue();
        }
    }

    @Test
    void httpCheckTestsTheBody() {
        try (SwitchableBackend backend = new SwitchableBackend("C")) {
            assertThat(check(backend.port(), http(StatusRanges.DEFAULT,
                    new BodyMatch(Pattern.compile("^C 200$"), false))).passed()).isTrue();
            ProbeResult r = check(backend.port(), http(StatusRanges.DEFAULT,
                    new BodyMatch(Pattern.compile("C 200"), true)));
            assertThat(r.passed()).isFalse();
            assertThat(r.reason()).isEqualTo("body does not match !~C 200");
        }
    }

    @Test
    void refusedConnectionFails() {
        ProbeResult r = check(TestProxy.freePort(), http(StatusRanges.DEFAULT, null));
        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).startsWith("connect failed");
    }

    @Test
    void silentPeerTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            HealthCheckSpec spec = new HealthCheckSpec(1000, 1, 1, "/", 200, HealthCheckSpec.Type.WEBSOCKET, false,
                    StatusRanges.DEFAULT, null, false, 0);
            long start = System.nanoTime();
            ProbeResult r = check(silent.getLocalPort(), spec);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(r).isEqualTo(ProbeResult.failed("timed out after 200ms"));
            assertThat(ms).isBetween(150L, 2_000L);
        }
    }

    @Test
    void websocketCheckPassesAgainstAWebSocketBackend() {
        try (TestBackend backend = new TestBackend("A")) {
            assertThat(check(backend.port(), websocket(false))).isEqualTo(ProbeResult.PASSED);
            assertThat(backend.heads()).anySatisfy(h -> assertThat(h.toLowerCase()).startsWith("get /ws http/1.1")
                    .contains("host: be").contains("upgrade: websocket").contains("sec-websocket-version: 13")
                    .contains("sec-websocket-key: "));
        }
    }

    @Test
    void websocketPingCheckGetsItsPong() {
        try (TestBackend backend = new TestBackend("A")) {
            assertThat(check(backend.port(), websocket(true))).isEqualTo(ProbeResult.PASSED);
        }
    }

    @Test
    void websocketCheckFailsAgainstAPlainHttpServer() {
        try (SwitchableBackend plain = new SwitchableBackend("C")) {
            ProbeResult r = check(plain.port(), websocket(true));
            assertThat(r.passed()).isFalse();
            assertThat(r.reason()).startsWith("handshake: ");
        }
    }
}
