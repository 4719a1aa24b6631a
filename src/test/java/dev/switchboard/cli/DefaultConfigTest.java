package dev.switchboard.cli;

import dev.switchboard.server.ConfigLoader;
import dev.switchboard.server.Runtime;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped conf/switchboard.conf (with its include of mime.types) is valid. */
class DefaultConfigTest {

    @Test
    void shippedConfigurationCompiles() {
        Path prefix = Path.of("").toAbsolutePath();
        Runtime runtime = ConfigLoader.load(prefix.resolve("conf/switchboard.conf"), prefix, null);
        assertThat(runtime.upstreams()).containsKey("app");
        assertThat(runtime.eventLoops()).isEqualTo(java.lang.Runtime.getRuntime().availableProcessors());
        assertThat(runtime.workerConnections()).isEqualTo(4096);
        assertThat(runtime.warnings()).isEmpty();
    }
}
