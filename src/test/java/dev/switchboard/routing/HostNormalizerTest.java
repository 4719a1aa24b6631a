package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostNormalizerTest {

    @Test
    void lowercasesAndStripsPortAndTrailingDot() {
        assertThat(HostNormalizer.normalize("Example.COM")).isEqualTo("example.com");
        assertThat(HostNormalizer.normalize("example.com:8080")).isEqualTo("example.com");
        assertThat(HostNormalizer.normalize("example.com.")).isEqualTo("example.com");
        assertThat(HostNormalizer.normalize("Example.com.:443")).isEqualTo("example.com");
        assertThat(HostNormalizer.normalize("localhost")).isEqualTo("localhost");
        assertThat(HostNormalizer.normalize("10.0.0.1:80")).isEqualTo("10.0.0.1");
    }

    @Test
    void keepsIpv6LiteralWithBrackets() {
        assertThat(HostNormalizer.normalize("[::1]:8080")).isEqualTo("[::1]");
        assertThat(HostNormalizer.normalize("[2001:DB8::1]")).isEqualTo("[2001:db8::1]");
    }

    @Test
    void rejectsWhatNginxRejects() {
        assertThat(HostNormalizer.normalize("")).isNull();
        assertThat(HostNormalizer.normalize(":80")).isNull();
        assertThat(HostNormalizer.normalize(".")).isNull();
        assertThat(HostNormalizer.normalize("a..b")).isNull();
        assertThat(HostNormalizer.normalize("example.com..")).isNull();
        assertThat(HostNormalizer.normalize("a/b")).isNull();
        assertThat(HostNormalizer.normalize("example.com:80/x")).isNull();
        assertThat(HostNormalizer.normalize("exa\0mple.com")).isNull();
        assertThat(HostNormalizer.normalize("example.com:8..0")).isNull();
    }

    @Test
    void acceptsWhatNginxAccepts() {
        // ngx_http_validate_host has no leading-dot rule and does not validate the port
        assertThat(HostNormalizer.normalize(".example.com")).isEqualTo(".example.com");
        assertThat(HostNormalizer.normalize("example.com:abc")).isEqualTo("example.com");
        assertThat(HostNormalizer.normalize("_")).isEqualTo("_");
    }

    @Test
    void returnsTheSameStringWhenNothingChanges() {
        String host = "example.com";

        assertThat(HostNormalizer.normalize(host)).isSameAs(host);
    }
}
