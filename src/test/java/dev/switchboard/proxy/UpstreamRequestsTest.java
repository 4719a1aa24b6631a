package dev.switchboard.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** nginx's escaping of the URI sent upstream when proxy_pass has a URI part ({@code ngx_escape_uri}). */
class UpstreamRequestsTest {

    @Test
    void escapesWhatNginxEscapesAndNothingElse() {
        assertThat(UpstreamRequests.escape("/a b/c")).isEqualTo("/a%20b/c");
        assertThat(UpstreamRequests.escape("/100%/x?y#z")).isEqualTo("/100%25/x%3Fy%23z");
        assertThat(UpstreamRequests.escape("/caf\u00e9")).isEqualTo("/caf%E9");
        assertThat(UpstreamRequests.escape("/plain/path-_.~!$&'()*+,;=:@")).isEqualTo("/plain/path-_.~!$&'()*+,;=:@");
        assertThat(UpstreamRequests.escape("/tab\there")).isEqualTo("/tab%09here");
    }
}
