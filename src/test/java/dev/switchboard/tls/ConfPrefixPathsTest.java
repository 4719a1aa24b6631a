package dev.switchboard.tls;

import dev.switchboard.server.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * As nginx, relative certificate, key and user-file paths resolve against the main configuration file's directory
 * (nginx's conf prefix), not against {@code -p}; {@code root} still resolves against {@code -p}.
 */
class ConfPrefixPathsTest {

    @TempDir
    Path dir;

    @Test
    void certificatePathsAreRelativeToTheConfigurationFile() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("etc"));
        Path prefix = Files.createDirectories(dir.resolve("var"));
        TestCertificates certs = new TestCertificates(Files.createDirectories(conf.resolve("certs")));
        certs.ca("ca").leaf("server", "ca", "ec", "30", "localhost");
        Files.writeString(conf.resolve("users"), "alice:{PLAIN}secret\n");
        Path file = conf.resolve("switchboard.conf");
        Files.writeString(file, """
                http {
                  server {
                    listen 127.0.0.1:18443 ssl;
                    ssl_certificate certs/server.crt;
                    ssl_certificate_key certs/server.key;
                    location / { auth_basic "x"; auth_basic_user_file users; return 200; }
                  }
                }
                """);
        dev.switchboard.server.Runtime runtime = ConfigLoader.load(file, prefix, null);
        assertThat(runtime.addresses()).hasSize(1);
        assertThat(runtime.warnings()).noneMatch(w -> w.contains("users"));
        Files.move(conf.resolve("certs"), prefix.resolve("certs"));
        assertThatThrownBy(() -> ConfigLoader.load(file, prefix, null))
                .as("not resolved against -p").hasMessageContaining("certs/server.crt");
    }
}
