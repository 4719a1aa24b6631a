package dev.switchboard.limit;

import dev.switchboard.vars.Template;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** nginx's leaky bucket, request for request ({@code ngx_http_limit_req_lookup} arithmetic). */
class ReqZoneTest {

    private static ReqZone zone(long rate) {
        return new ReqZone("z", Template.of("k"), rate, 1000);
    }

    @Test
    void withoutBurstOnlyTheRateIsAllowed() {
        ReqZone z = zone(2_000); // 2r/s
        assertThat(z.check("a", 10_000, 0, 0).rejected()).isFalse();
        assertThat(z.check("a", 10_000, 0, 0).rejected()).isTrue();
        assertThat(z.check("a", 10_499, 0, 0).rejected()).as("499 ms leak 998 of 1000").isTrue();
        assertThat(z.check("a", 10_500, 0, 0).rejected()).isFalse();
        assertThat(z.check("b", 10_500, 0, 0).rejected()).as("keys are independent").isFalse();
    }

    @Test
    void burstWithNodelayPassesThenRejects() {
        ReqZone z = zone(1_000);
        assertThat(z.check("a", 0, 2_000, 2_000)).isEqualTo(ReqZone.Decision.PASS);
        assertThat(z.check("a", 0, 2_000, 2_000)).isEqualTo(ReqZone.Decision.PASS);
        assertThat(z.check("a", 0, 2_000, 2_000)).isEqualTo(ReqZone.Decision.PASS);
        assertThat(z.check("a", 0, 2_000, 2_000).rejected()).isTrue();
    }

    @Test
    void burstWithoutNodelayDelaysExcessRequests() {
        ReqZone z = zone(2_000);
        assertThat(z.check("a", 0, 3_000, 0).delayMillis()).isZero();
        assertThat(z.check("a", 0, 3_000, 0).delayMillis()).isEqualTo(500);
        assertThat(z.check("a", 0, 3_000, 0).delayMillis()).isEqualTo(1_000);
        assertThat(z.check("a", 100, 3_000, 1_000).delayMillis()).as("delay=1 lets one excess pass: (2800 - 1000) / 2 r/s").isEqualTo(900);
    }

    @Test
    void rateParsing() {
        assertThat(LimitDirectives.parseRate("10r/s", null)).isEqualTo(10_000);
        assertThat(LimitDirectives.parseRate("30r/m", null)).isEqualTo(500);
    }
}
