package dev.switchboard.server;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Parser;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.RawFrame;
import dev.switchboard.testing.RawWsClient;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import dev.switchboard.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reload switches new connections only; drain closes WebSockets with 1001 spread over the window, losing nothing. */
class ReloadAndDrainTest {

    @TempDir
    Path prefix;

    private static String config(int port, String backends, String extra) {
        return """
                events { worker_connections 4096; }
                http {
                  websocket_drain_timeout 2s;
                  upstream be { %s }
                  server {
                    listen 127.0.0.1:%d;
                    location / {
                      proxy_pass http://be;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection "upgrade";
                      %s
                    }
                  }
                }
                """.formatted(backends, port, extra);
    }

    private Runtime compile(String text) {
        return ConfigLoader.compile(Parser.parseString(text, "reload.conf", prefix), prefix);
    }

    private static String whoami(WsClient client) throws InterruptedException {
        client.socket().sendText("whoami", true).join();
        return client.next().text();
    }

    @Test
    void reloadRoutesNewConnectionsOnlyAndKeepsOpenTunnels() throws Exception {
        try (TestBackend a = new TestBackend("A"); TestBackend b = new TestBackend("B")) {
            int port = TestProxy.freePort();
            try (Switchboard server = Switchboard.start(compile(config(port, "server 127.0.0.1:" + a.port() + ";",
                    "")), prefix)) {
                WsClient before = WsClient.connect("ws://127.0.0.1:" + port + "/");
                assertThat(whoami(before)).isEqualTo("A");
                // A stays configured (so its tunnel is not drained) but weight sends new clients to B
                server.reload(compile(config(port, "server 127.0.0.1:" + a.port() + " down; server 127.0.0.1:"
                        + b.port() + ";", "").replace(" down;", " max_fails=0 weight=1 backup;")
                        .replace("upstream be {", "upstream be {")));
                WsClient after = WsClient.connect("ws://127.0.0.1:" + port + "/");
                assertThat(whoami(after)).isEqualTo("B");
                assertThat(whoami(before)).as("the open tunnel keeps its backend").isEqualTo("A");
            }
        }
    }

    @Test
    void reloadWithABadConfigurationChangesNothing() throws Exception {
        try (TestBackend a = new TestBackend("A")) {
            int port = TestProxy.freePort();
            try (Switchboard server = Switchboard.start(compile(config(port, "server 127.0.0.1:" + a.port() + ";",
                    "")), prefix)) {
                assertThatThrownBy(() -> compile(config(port, "server 127.0.0.1:" + a.port() + ";",
                        "proxy_read_timeout nonsense;"))).isInstanceOf(ConfigException.class)
                        .hasMessageContaining("reload.conf:");
                assertThat(whoami(WsClient.connect("ws://127.0.0.1:" + port + "/"))).isEqualTo("A");
            }
        }
    }

    @Test
    void tunnelsToABackendRemovedByReloadAreClosedWith1001() throws Exception {
        try (TestBackend a = new TestBackend("A"); TestBackend b = new TestBackend("B")) {
            int port = TestProxy.freePort();
            try (Switchboard server = Switchboard.start(compile(config(port, "server 127.0.0.1:" + a.port() + ";",
                    "")), prefix);
                 RawWsClient onA = new RawWsClient(port)) {
                onA.send(Frames.text("whoami", true));
                assertThat(onA.next().text()).isEqualTo("A");
                server.reload(compile(config(port, "server 127.0.0.1:" + b.port() + ";", "")));
                RawFrame close = onA.next();
                assertThat(close.opcode()).isEqualTo(8);
                assertThat(close.closeCode()).isEqualTo(1001);
                assertThat(close.text()).isEqualTo("backend removed");
            }
        }
    }

    @Test
    void quitDrainsAThousandClientsWith1001WithinTheWindowLosingNoMessage() throws Exception {
        int n = 1000;
        try (TestBackend a = new TestBackend("A")) {
            int port = TestProxy.freePort();
            Switchboard server = Switchboard.start(compile(config(port, "server 127.0.0.1:" + a.port() + ";", "")),
                    prefix);
            List<RawWsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    clients.add(new RawWsClient(port));
                }
                for (int i = 0; i < n; i++) {
                    clients.get(i).send(Frames.text("msg-" + i, true));
                }
                long start = System.nanoTime();
                Thread drain = new Thread(() -> server.drainAndClose(2_000));
                drain.start();
                for (int i = 0; i < n; i++) {
                    RawWsClient c = clients.get(i);
                    RawFrame frame = c.next();
                    if (frame.opcode() == 1) {
                        assertThat(frame.text()).as("an echo that made it before the close").isEqualTo("msg-" + i);
                        frame = c.next();
                    }
                    assertThat(frame.opcode()).isEqualTo(8);
                    assertThat(frame.closeCode()).isEqualTo(1001);
                    assertThat(frame.text()).isEqualTo("going away");
                    c.send(Frames.close(1001, "", true));
                }
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertThat(ms).as("all closed within the 2 s window plus slack").isLessThan(4_000);
                assertThat(ms).as("spread over the window, not all at once").isGreaterThan(1_000);
                drain.join(10_000);
                assertThat(drain.isAlive()).isFalse();
                assertThat(a.dataFramesReceived()).as("every message sent before the close reached the backend")
                        .isEqualTo(n);
            } finally {
                for (RawWsClient c : clients) {
                    c.close();
                }
                server.close();
            }
        }
    }
}
