package dev.switchboard.interop;

import dev.switchboard.testing.TestProxy;
import dev.switchboard.tls.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium (Debian's package, driven by playwright-core from src/test/node/browser-ws.js) opens a page
 * served through the proxy over https; the page's script talks wss:// to the proxy's ws echo backend (Node's ws
 * server), and what the page saw is read back from it. Issue 4: the echo over wss. Issue 5: the page's CloseEvent
 * says 1014 when the backend is killed and 1001 "going away" when the proxy drains. Each test leaves a screenshot
 * of the page in target/browser-artifacts/.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ChromiumWssTest {

    static final Path ARTIFACTS = Path.of("target/browser-artifacts").toAbsolutePath();

    @TempDir
    Path prefix;

    Path node;
    String spki;
    NodeScript backend;
    TestProxy proxy;
    final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        node = NodeScript.requireNode("ws", "playwright-core");
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        NodeScript.require(Files.isExecutable(chromium) ? null
                : chromium + " is missing (.ci/run installs Debian's chromium package)");
        TestCertificates certs = new TestCertificates(prefix).ca("ca").leaf("server", "ca", "ec", "2", "localhost");
        spki = spkiHash(certs.path("server.crt"));
        Files.createDirectories(prefix.resolve("html"));
        Files.copy(NodeScript.NODE_DIR.resolve("browser-page.html"), prefix.resolve("html/index.html"));
        backend = keep(NodeScript.start(node, "ws-server.js", "0"));
        backend.awaitContaining("listening ", 15);
        proxy = keep(new TestProxy("""
                events { worker_connections 1024; }
                http {
                  websocket_drain_timeout 300ms;
                  server {
                    listen 127.0.0.1:PORT ssl;
                    server_name localhost;
                    ssl_certificate server.crt;
                    ssl_certificate_key server.key;
                    location / { root html; }
                    location /ws {
                      proxy_pass http://127.0.0.1:%d;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection "upgrade";
                      proxy_read_timeout 60s;
                    }
                  }
                }
                """.formatted(NodeWsCloseCodesTest.portOf(backend)), prefix));
        Files.createDirectories(ARTIFACTS);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    /** base64(SHA-256(SubjectPublicKeyInfo)), what Chromium's --ignore-certificate-errors-spki-list takes. */
    static String spkiHash(Path certificate) throws Exception {
        try (InputStream in = Files.newInputStream(certificate)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        }
    }

    private NodeScript browser(String mode, String query, TestInfo test) throws Exception {
        Path shot = ARTIFACTS.resolve(getClass().getSimpleName() + "-"
                + test.getTestMethod().orElseThrow().getName() + ".png");
        Files.deleteIfExists(shot);
        return keep(NodeScript.start(node, "browser-ws.js",
                "https://localhost:" + proxy.port() + "/index.html?" + query, mode,
                "--spki", spki, "--screenshot", shot.toString(), "--timeout", "40"));
    }

    private static void assertScreenshot(NodeScript browser) throws Exception {
        String line = browser.awaitContaining("\"event\":\"screenshot\"", 20);
        Path shot = Path.of(line.replaceAll(".*\"path\":\"([^\"]+)\".*", "$1"));
        byte[] png = Files.readAllBytes(shot);
        assertThat(png.length).isGreaterThan(1000);
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
    }

    @Test
    void pageServedOverHttpsEchoesOverWssThroughTheProxy(TestInfo test) throws Exception {
        String say = "hello-from-chromium-" + UUID.randomUUID();
        NodeScript browser = browser("echo", "ws=/ws/echo&say=" + say, test);
        String page = browser.awaitContaining("\"event\":\"page\"", 60);
        assertThat(page).contains("\"status\":200", "\"protocol\":\"TLS 1.3\"", "\"subjectName\":\"localhost\"",
                "\"issuer\":\"ca\"");
        String echo = browser.awaitContaining("\"event\":\"echo\"", 30);
        assertThat(echo).as(browser.output())
                .contains("\"url\":\"wss://localhost:" + proxy.port() + "/ws/echo\"", "\"opened\":true",
                        "\"messages\":[\"" + say + "\"]", "\"errors\":0", "\"dom\":\"open\"");
        String close = browser.awaitContaining("\"event\":\"close\"", 20);
        assertThat(close).as("the page's close handshake went through the proxy and back")
                .contains("\"code\":1000", "\"reason\":\"bye from chromium\"", "\"wasClean\":true");
        assertScreenshot(browser);
        assertThat(browser.waitFor(20)).as(browser.output()).isZero();
    }

    @Test
    void pageSees1014WhenTheBackendIsKilled(TestInfo test) throws Exception {
        NodeScript browser = browser("observe", "ws=/ws/doomed", test);
        browser.awaitContaining("\"event\":\"ready\"", 60);
        backend.kill();
        String close = browser.awaitContaining("\"event\":\"close\"", 20);
        assertThat(close).as(browser.output()).contains("\"code\":1014", "\"reason\":\"backend ", "\"wasClean\":true",
                "\"dom\":\"closed 1014 backend ");
        assertScreenshot(browser);
        assertThat(browser.waitFor(20)).as(browser.output()).isZero();
    }

    @Test
    void pageSees1001GoingAwayWhenTheProxyDrains(TestInfo test) throws Exception {
        NodeScript browser = browser("observe", "ws=/ws/drained", test);
        browser.awaitContaining("\"event\":\"ready\"", 60);
        long start = System.nanoTime();
        CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> proxy.switchboard().drainAndClose(300));
        String close = browser.awaitContaining("\"event\":\"close\"", 20);
        assertThat(close).as(browser.output()).contains("\"code\":1001", "\"reason\":\"going away\"",
                "\"wasClean\":true", "\"dom\":\"closed 1001 going away\"");
        drained.get(10, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - start) / 1_000_000).as("Chromium answered the close frame")
                .isLessThan(3_000);
        assertScreenshot(browser);
        assertThat(browser.waitFor(20)).as(browser.output()).isZero();
    }
}
