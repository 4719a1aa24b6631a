package dev.switchboard.upstream.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HealthStateTest {

    @Test
    void becomesUnhealthyAfterFailsConsecutiveFailures() {
        HealthState s = new HealthState(3, 2, true);
        assertThat(s.record(false)).isFalse();
        assertThat(s.record(false)).isFalse();
        assertThat(s.healthy()).isTrue();
        assertThat(s.record(false)).isTrue();
        assertThat(s.healthy()).isFalse();
        assertThat(s.record(false)).isFalse();
    }

    @Test
    void aPassBreaksARunOfFailures() {
        HealthState s = new HealthState(2, 1, true);
        s.record(false);
        s.record(true);
        assertThat(s.record(false)).isFalse();
        assertThat(s.healthy()).isTrue();
        assertThat(s.record(false)).isTrue();
        assertThat(s.healthy()).isFalse();
    }

    @Test
    void recoversAfterPassesConsecutivePasses() {
        HealthState s = new HealthState(1, 3, true);
        assertThat(s.record(false)).isTrue();
        s.record(true);
        s.record(true);
        s.record(false); // breaks the run
        s.record(true);
        s.record(true);
        assertThat(s.healthy()).isFalse();
        assertThat(s.record(true)).isTrue();
        assertThat(s.healthy()).isTrue();
    }

    @Test
    void defaultsFlipOnEveryChange() {
        HealthState s = new HealthState(1, 1, true);
        assertThat(s.record(true)).isFalse();
        assertThat(s.record(false)).isTrue();
        assertThat(s.record(false)).isFalse();
        assertThat(s.record(true)).isTrue();
    }

    @Test
    void mandatoryStartsUnhealthy() {
        HealthState s = new HealthState(1, 2, false);
        assertThat(s.healthy()).isFalse();
        s.record(true);
        assertThat(s.healthy()).isFalse();
        assertThat(s.record(true)).isTrue();
        assertThat(s.healthy()).isTrue();
    }

    @Test
    void thresholdsMustBePositive() {
        assertThatThrownBy(() -> new HealthState(0, 1, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HealthState(1, 0, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
