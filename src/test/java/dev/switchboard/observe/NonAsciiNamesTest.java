package dev.switchboard.observe;

import dev.switchboard.config.RawText;
import dev.switchboard.server.ConfigLoader;
import dev.switchboard.server.Switchboard;
import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A non-ASCII upstream name from a UTF-8 configuration file shows in UTF-8 in the metrics and the status JSON. */
class NonAsciiNamesTest {

    @TempDir
    Path dir;

    Switchboard switchboard;
    int port;

    @BeforeEach
    void start() throws Exception {
        port = TestProxy.freePort();
        Path file = dir.resolve("switchboard.conf");
        Files.write(file, ("""
                events {}
                http {
                    upstream b\u00e4ckend { server 127.0.0.1:9; }
                    server {
                        listen 127.0.0.1:%d;
                        location /metrics { metrics; }
                        location /status { status_page; }
                    }
                }
                """.formatted(port)).getBytes(StandardCharsets.UTF_8));
        switchboard = Switchboard.start(ConfigLoader.load(file, dir, null), dir);
    }

    @AfterEach
    void stop() {
        if (switchboard != null) {
            switchboard.close();
        }
    }

    @Test
    void theUpstreamNameIsUtf8InTheMetrics() {
        assertThat(get("/metrics")).contains(RawText.fromUnicode("upstream=\"b\u00e4ckend\""));
    }

    @Test
    void theUpstreamNameIsUtf8InTheStatusJson() {
        assertThat(get("/status.json")).contains(RawText.fromUnicode("\"name\":\"b\u00e4ckend\""));
    }

    /** The response, one char per byte. */
    private String get(String path) {
        return RawHttp.exchange("127.0.0.1", port,
                "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }
}
