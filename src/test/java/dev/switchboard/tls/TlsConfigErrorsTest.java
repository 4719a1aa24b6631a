package dev.switchboard.tls;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Parser;
import dev.switchboard.server.ConfigLoader;
import dev.switchboard.server.Runtime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration errors and warnings of the ssl_* directives, each with its file:line:col. */
class TlsConfigErrorsTest {

    @TempDir
    static Path prefix;
    static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = new TestCertificates(prefix).ca("ca")
                .leaf("a", "ca", "rsa:2048", "2", "a.test")
                .leaf("b", "ca", "ec", "2", "b.test");
        certs.openssl("pkcs8", "-topk8", "-in", "a.key", "-out", "enc.key", "-passout", "pass:secret");
        Files.writeString(prefix.resolve("good.pass"), "wrong\nsecret\n");
        Files.writeString(prefix.resolve("bad.pass"), "wrong\n");
        // a traditional SEC1 EC key and a PKCS#1 RSA key, as older tools write them
        certs.openssl("ec", "-in", "b.key", "-out", "b-sec1.key");
        certs.openssl("rsa", "-in", "a.key", "-traditional", "-out", "a-pkcs1.key");
    }

    private static Runtime load(String server) {
        String text = "http {\n  server {\n    listen 127.0.0.1:8443 ssl;\n" + server + "\n  }\n}\n";
        return ConfigLoader.compile(Parser.parseString(text, "test.conf", prefix), prefix);
    }

    @Test
    void missingFileNamesTheDirective() {
        assertThatThrownBy(() -> load("    ssl_certificate missing.crt;\n    ssl_certificate_key a.key;"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot load certificate").hasMessageContaining("missing.crt")
                .hasMessageContaining("test.conf:4:21");
    }

    @Test
    void keyNotMatchingCertificate() {
        assertThatThrownBy(() -> load("    ssl_certificate a.crt;\n    ssl_certificate_key b.key;"))
                .hasMessageContaining("does not match the certificate").hasMessageContaining("test.conf:5:25");
    }

    @Test
    void encryptedKeyNeedsTheRightPassword() {
        assertThat(load("    ssl_certificate a.crt;\n    ssl_certificate_key enc.key;\n    ssl_password_file good.pass;"))
                .isNotNull();
        assertThatThrownBy(() -> load("    ssl_certificate a.crt;\n    ssl_certificate_key enc.key;\n"
                + "    ssl_password_file bad.pass;"))
                .hasMessageContaining("wrong password").hasMessageContaining("test.conf:5:25");
        assertThatThrownBy(() -> load("    ssl_certificate a.crt;\n    ssl_certificate_key enc.key;"))
                .hasMessageContaining("ssl_password_file");
    }

    @Test
    void traditionalKeyFormatsAndSeveralPairsLoad() {
        assertThat(load("    ssl_certificate a.crt;\n    ssl_certificate_key a-pkcs1.key;\n"
                + "    ssl_certificate b.crt;\n    ssl_certificate_key b-sec1.key;")).isNotNull();
    }

    @Test
    void dataValuesLoad() throws Exception {
        String cert = certs.read("a.crt");
        String key = certs.read("a.key");
        assertThat(load("    ssl_certificate 'data:" + cert + "';\n    ssl_certificate_key 'data:" + key + "';"))
                .isNotNull();
    }

    @Test
    void unsupportedProtocolName() {
        assertThatThrownBy(() -> load("    ssl_certificate a.crt;\n    ssl_certificate_key a.key;\n"
                + "    ssl_protocols TLSv1.2 TLSv9;"))
                .hasMessageContaining("invalid value \"TLSv9\" in \"ssl_protocols\"")
                .hasMessageContaining("test.conf:6:27");
    }

    @Test
    void curvesAndCipherStringsAreCheckedByTheEngine() {
        String pair = "    ssl_certificate a.crt;\n    ssl_certificate_key a.key;\n";
        assertThat(load(pair + "    ssl_ecdh_curve X25519:prime256v1;\n    ssl_ciphers ECDHE+AESGCM:!aNULL;"))
                .isNotNull();
        assertThatThrownBy(() -> load(pair + "    ssl_ciphers NOTHING-KNOWN;"))
                .hasMessageContaining("NOTHING-KNOWN").hasMessageContaining("test.conf:6:17");
        assertThatThrownBy(() -> load(pair + "    ssl_ecdh_curve nosuchcurve;"))
                .hasMessageContaining("test.conf:3:5");
    }

    @Test
    void sslListenWithoutCertificate() {
        assertThatThrownBy(() -> load("    server_name a.test;"))
                .hasMessageContaining("no \"ssl_certificate\" is defined").hasMessageContaining("test.conf:3:5");
    }

    @Test
    void badVerifyClientAndSessionCacheValues() {
        assertThatThrownBy(() -> load("    ssl_verify_client sometimes;"))
                .hasMessageContaining("ssl_verify_client").hasMessageContaining("test.conf:4:23");
        assertThatThrownBy(() -> load("    ssl_session_cache shared:x;"))
                .hasMessageContaining("invalid session cache").hasMessageContaining("test.conf:4:23");
    }

    @Test
    void uncoveredServerNameIsAWarning() {
        Runtime r = load("    server_name a.test other.test;\n    ssl_certificate a.crt;\n    ssl_certificate_key a.key;");
        assertThat(r.warnings()).anyMatch(w -> w.contains("\"other.test\"") && w.contains("test.conf:3:5"))
                .noneMatch(w -> w.contains("\"a.test\""));
    }

    @Test
    void sessionTicketsAndCipherOrderAreAppliedWithoutWarnings() {
        Runtime runtime = load("    ssl_certificate a.crt;\n    ssl_certificate_key a.key;\n"
                + "    ssl_session_tickets off;\n    ssl_prefer_server_ciphers on;\n");
        assertThat(runtime.warnings()).noneMatch(w -> w.contains("ssl_session_tickets")
                || w.contains("ssl_prefer_server_ciphers"));
    }

    @Test
    void commonTlsTuningDirectivesAreAcceptedWithTheirReason() {
        Runtime runtime = load("    ssl_certificate a.crt;\n    ssl_certificate_key a.key;\n"
                + "    ssl_dhparam dh.pem;\n    ssl_stapling on;\n    ssl_stapling_verify on;\n"
                + "    ssl_buffer_size 4k;\n    ssl_early_data off;\n"
                + "    ssl_session_ticket_key a.key;\n    ssl_session_ticket_key b.key;\n");
        assertThat(runtime.warnings())
                .anyMatch(w -> w.startsWith("\"ssl_dhparam\" is ignored: DHE") && w.contains("test.conf:6:5"))
                .anyMatch(w -> w.startsWith("\"ssl_stapling\" is ignored") && w.contains("test.conf:7:5"))
                .anyMatch(w -> w.startsWith("\"ssl_buffer_size\" is ignored"))
                .noneMatch(w -> w.startsWith("\"ssl_early_data\""))
                .filteredOn(w -> w.startsWith("\"ssl_session_ticket_key\" is ignored")).hasSize(2);
        assertThatThrownBy(() -> load("    ssl_dhparam;"))
                .hasMessageContaining("invalid number of arguments in \"ssl_dhparam\"");
    }
}
