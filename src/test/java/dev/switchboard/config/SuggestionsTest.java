package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> DIRECTIVES = List.of(
            "listen", "location", "server_name", "proxy_pass", "proxy_set_header", "proxy_read_timeout",
            "root", "return", "rewrite", "include");

    @Test
    void missingLetter() {
        assertThat(Suggestions.closest("lisen", DIRECTIVES)).isEqualTo("listen");
        assertThat(Suggestions.closest("proxy_pas", DIRECTIVES)).isEqualTo("proxy_pass");
    }

    @Test
    void swappedLettersCountOnce() {
        assertThat(Suggestions.distance("server_nmae", "server_name")).isEqualTo(1);
        assertThat(Suggestions.closest("server_nmae", DIRECTIVES)).isEqualTo("server_name");
        assertThat(Suggestions.closest("rewirte", DIRECTIVES)).isEqualTo("rewrite");
    }

    @Test
    void extraLetterAndSubstitution() {
        assertThat(Suggestions.closest("proxy_set_headers", DIRECTIVES)).isEqualTo("proxy_set_header");
        assertThat(Suggestions.closest("rooot", DIRECTIVES)).isEqualTo("root");
        assertThat(Suggestions.closest("retarn", DIRECTIVES)).isEqualTo("return");
    }

    @Test
    void letterCaseIsIgnored() {
        assertThat(Suggestions.closest("LISTEN", DIRECTIVES)).isEqualTo("listen");
    }

    @Test
    void nothingCloseEnough() {
        assertThat(Suggestions.closest("upstream", DIRECTIVES)).isNull();
        assertThat(Suggestions.closest("xyz", DIRECTIVES)).isNull();
        assertThat(Suggestions.closest("ab", List.of("cd"))).isNull();
    }

    @Test
    void thresholdGrowsWithWordLength() {
        // 12 letters allow 4 edits, 5 letters only 1.
        assertThat(Suggestions.closest("proxy_rd_tmt", List.of("proxy_read_timeout"))).isNull();
        assertThat(Suggestions.closest("prxy_red_timout", List.of("proxy_read_timeout")))
                .isEqualTo("proxy_read_timeout");
        assertThat(Suggestions.closest("lstn", List.of("listen"))).isNull();
        assertThat(Suggestions.closest("ab", List.of("ac"))).isEqualTo("ac");
    }

    @Test
    void tiesGoToTheAlphabeticallyFirst() {
        assertThat(Suggestions.closest("cat", Set.of("bat", "hat", "rat"))).isEqualTo("bat");
        assertThat(Suggestions.closest("cat", List.of("rat", "bat"))).isEqualTo("bat");
    }

    @Test
    void nearerBeatsEarlier() {
        assertThat(Suggestions.closest("rewrit", List.of("rewind", "rewrite"))).isEqualTo("rewrite");
    }

    @Test
    void degenerateInputs() {
        assertThat(Suggestions.closest("", DIRECTIVES)).isNull();
        assertThat(Suggestions.closest(null, DIRECTIVES)).isNull();
        assertThat(Suggestions.closest("listen", List.of())).isNull();
        assertThat(Suggestions.closest("listen", null)).isNull();
        assertThat(Suggestions.closest("listen", java.util.Arrays.asList(null, "listen"))).isEqualTo("listen");
    }

    @Test
    void classicDistances() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("ca", "ac")).isEqualTo(1);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }
}
