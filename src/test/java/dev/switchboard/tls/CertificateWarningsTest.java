package dev.switchboard.tls;

import dev.switchboard.config.Argument;
import dev.switchboard.config.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Expiry, not-yet-valid and server-name coverage warnings, judged at a chosen moment. */
class CertificateWarningsTest {

    @TempDir
    Path dir;

    @Test
    void expiredNotYetValidAndUncoveredNames() {
        new TestCertificates(dir).ca("ca").leaf("w", "ca", "ec", "2", "*.example.com", "exact.test");
        Position p = new Position("t.conf", 1, 1);
        CertifiedKey key = KeyPairs.load(new Argument("w.crt", false, p), new Argument("w.key", false, p),
                List.of(), dir);
        List<String> names = List.of("a.example.com", "exact.test", "deep.a.example.com", "_", "", "~^re");
        assertThat(CertificateWarnings.of(List.of(key), names, new Date()))
                .containsExactly("no certificate of the server covers the server name \"deep.a.example.com\"");
        assertThat(CertificateWarnings.of(List.of(key), List.of(), Date.from(Instant.now().plus(Duration.ofDays(3)))))
                .singleElement().asString().contains("expired on");
        assertThat(CertificateWarnings.of(List.of(key), List.of(), Date.from(Instant.now().minus(Duration.ofDays(1)))))
                .singleElement().asString().contains("is not valid before");
    }
}
