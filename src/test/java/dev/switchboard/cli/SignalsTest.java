package dev.switchboard.cli;

import dev.switchboard.testing.RawFrame;
import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.RawWsClient;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The proxy as a real process: reload on SIGHUP and -s reload, graceful quit on SIGTERM with close frames. */
class SignalsTest {

    @TempDir
    Path prefix;

    private Process process;

    @AfterEach
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static String config(int port, int backend) {
        return """
                pid run/sb.pid;
                http {
                  websocket_drain_timeout 1s;
                  server {
                    listen 127.0.0.1:%d;
                    location / {
                      proxy_pass http://127.0.0.1:%d;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection "upgrade";
                    }
                  }
                }
                """.formatted(port, backend);
    }

    private void start(Path conf) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.switchboard.cli.Main", "-c", conf.toString(), "-p", prefix.toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("out.log").toFile()).start();
        await().atMost(20, TimeUnit.SECONDS).until(() -> Files.exists(prefix.resolve("run/sb.pid"))
                || !process.isAlive());
        assertThat(process.isAlive()).as("started: %s", log()).isTrue();
        assertThat(Files.readString(prefix.resolve("run/sb.pid")).trim()).isEqualTo(Long.toString(process.pid()));
    }

    private String log() throws Exception {
        File f = prefix.resolve("out.log").toFile();
        return f.exists() ? Files.readString(f.toPath()) : "";
    }

    private static String backendOf(int port) {
        String r = RawHttp.exchange(null, port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        int i = r.indexOf("X-Backend: ");
        return i < 0 ? r : r.substring(i + 11, r.indexOf("\r\n", i));
    }

    private void kill(String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor())
                .isZero();
    }

    @Test
    void hupReloadsAndTermDrainsWithCloseFrames() throws Exception {
        try (TestBackend a = new TestBackend("A"); TestBackend b = new TestBackend("B")) {
            int port = TestProxy.freePort();
            Path conf = prefix.resolve("sb.conf");
            Files.writeString(conf, config(port, a.port()));
            start(conf);
            assertThat(backendOf(port)).isEqualTo("A");

            Files.writeString(conf, config(port, b.port()));
            kill("HUP");
            await().atMost(10, TimeUnit.SECONDS).until(() -> backendOf(port).equals("B"));

            Files.writeString(conf, config(port, b.port()).replace("proxy_http_version 1.1;", "proxy_http_version 9;"));
            kill("HUP");
            await().atMost(10, TimeUnit.SECONDS).until(() -> log().contains("the old one keeps running"));
            assertThat(log()).contains("invalid value \"9\" in \"proxy_http_version\" directive in " + conf + ":");
            assertThat(backendOf(port)).as("a bad configuration changes nothing").isEqualTo("B");

            Files.writeString(conf, config(port, a.port()));
            assertThat(Main.run("-s", "reload", "-c", conf.toString(), "-p", prefix.toString())).isZero();
            await().atMost(10, TimeUnit.SECONDS).until(() -> backendOf(port).equals("A"));

            try (RawWsClient ws = new RawWsClient(port)) {
                kill("TERM");
                RawFrame close = ws.next();
                assertThat(close.closeCode()).isEqualTo(1001);
                assertThat(close.text()).isEqualTo("going away");
                assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).isZero();
            }
            assertThat(Files.exists(prefix.resolve("run/sb.pid"))).as("pid file removed on exit").isFalse();
        }
    }

    @Test
    void signalWithoutRunningProxyFailsClearly() throws Exception {
        Path conf = prefix.resolve("sb.conf");
        Files.writeString(conf, config(TestProxy.freePort(), 1));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        try {
            assertThat(Main.run("-s", "reload", "-c", conf.toString(), "-p", prefix.toString())).isEqualTo(1);
            assertThat(Main.run("-s", "restart", "-c", conf.toString(), "-p", prefix.toString())).isEqualTo(1);
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString()).contains("open() \"" + prefix.resolve("run/sb.pid") + "\" failed")
                .contains("invalid option: \"-s restart\"");
    }
}
