package dev.switchboard.interop;

import dev.switchboard.config.RawText;
import dev.switchboard.server.ConfigLoader;
import dev.switchboard.server.Switchboard;
import dev.switchboard.testing.NginxProcess;
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

/**
 * A UTF-8 configuration file with non-ASCII locations and literals, read by nginx and by Switchboard from disk:
 * both match the request's bytes (percent-encoded or raw) against the file's bytes, and send literals back with
 * the file's bytes.
 */
class NonAsciiConfigDifferentialTest {

    static final String CONFIG = """
            events {}
            http {
                server {
                    listen 127.0.0.1:PORT;
                    location /caf\u00e9 { add_header X-Name "\u00e9\u2603"; return 200 "matched \u00fc\\n"; }
                    location ~ ^/\u00fc/(.+)$ { return 200 "regex $1\\n"; }
                    location /static/ { root ROOT; }
                    location / { return 404 "fallback\\n"; }
                }
            }
            """;

    @TempDir
    Path dir;

    NginxProcess nginx;
    Switchboard switchboard;
    int switchboardPort;

    @BeforeEach
    void start() throws Exception {
        NginxProcess.require();
        Path root = Files.createDirectories(dir.resolve("root/static"));
        Files.writeString(root.resolve("\u00fcber.html"), "\u00fcber uns\n", StandardCharsets.UTF_8);
        String config = CONFIG.replace("ROOT", dir.resolve("root").toString());
        nginx = NginxProcess.start(dir.resolve("nginx"), config);
        switchboardPort = TestProxy.freePort();
        Path prefix = Files.createDirectories(dir.resolve("switchboard"));
        Path file = prefix.resolve("switchboard.conf");
        Files.write(file, config.replace("PORT", Integer.toString(switchboardPort)).getBytes(StandardCharsets.UTF_8));
        switchboard = Switchboard.start(ConfigLoader.load(file, prefix, null), prefix);
    }

    @AfterEach
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (switchboard != null) {
            switchboard.close();
        }
    }

    @Test
    void aPercentEncodedUtf8UriMatchesTheLocationAndLiteralsKeepTheirBytes() {
        Answer answer = same("/caf%C3%A9");
        assertThat(answer.status).isEqualTo("HTTP/1.1 200 OK");
        assertThat(answer.xName).isEqualTo(RawText.fromUnicode("\u00e9\u2603"));
        assertThat(answer.body).isEqualTo(RawText.fromUnicode("matched \u00fc\n"));
    }

    @Test
    void aRawUtf8UriMatchesTheLocation() {
        assertThat(same(RawText.fromUnicode("/caf\u00e9")).body).isEqualTo(RawText.fromUnicode("matched \u00fc\n"));
    }

    @Test
    void aRegexLocationMatchesAndCapturesBytes() {
        assertThat(same("/%C3%BC/x%C3%A9").body).isEqualTo(RawText.fromUnicode("regex x\u00e9\n"));
    }

    @Test
    void aNonAsciiFileNameIsServedFromTheRoot() {
        Answer answer = same("/static/%C3%BCber.html");
        assertThat(answer.status).isEqualTo("HTTP/1.1 200 OK");
        assertThat(answer.body).isEqualTo(RawText.fromUnicode("\u00fcber uns\n"));
    }

    @Test
    void aDifferentSpellingDoesNotMatch() {
        Answer answer = same("/cafe%CC%81"); // e + combining acute: other bytes, so another URI
        assertThat(answer.status).isEqualTo("HTTP/1.1 404 Not Found");
    }

    /** Sends {@code uri} (raw bytes, one char per byte) to both and checks they answer alike; Switchboard's answer. */
    private Answer same(String uri) {
        String request = "GET " + uri + " HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n";
        Answer viaNginx = Answer.of(RawHttp.exchange("127.0.0.1", nginx.port(), request));
        Answer viaSwitchboard = Answer.of(RawHttp.exchange("127.0.0.1", switchboardPort, request));
        assertThat(viaSwitchboard).as("Switchboard's answer to " + uri + " (nginx's is expected)")
                .isEqualTo(viaNginx);
        return viaSwitchboard;
    }

    /** What is compared of a response: status line, the X-Name header (or null), body; all raw. */
    record Answer(String status, String xName, String body) {
        static Answer of(String response) {
            int end = response.indexOf("\r\n\r\n");
            String[] head = response.substring(0, end).split("\r\n");
            String xName = null;
            for (String line : head) {
                if (line.regionMatches(true, 0, "X-Name:", 0, 7)) {
                    xName = line.substring(7).trim();
                }
            }
            return new Answer(head[0], xName, response.substring(end + 4));
        }
    }
}
