package dev.switchboard.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RawTextTest {

    @Test
    void unicodeBecomesItsUtf8BytesAndBack() {
        String raw = RawText.fromUnicode("caf\u00e9 \u2603");
        assertThat(raw).isEqualTo("caf\u00c3\u00a9 \u00e2\u0098\u0083");
        assertThat(RawText.toUnicode(raw)).isEqualTo("caf\u00e9 \u2603");
    }

    @Test
    void asciiIsTheSameInBothForms() {
        assertThat(RawText.fromUnicode("/ws/chat")).isEqualTo("/ws/chat");
        assertThat(RawText.toUnicode("/ws/chat")).isEqualTo("/ws/chat");
    }

    @Test
    void bytesThatAreNotUtf8StayAsTheyAre() {
        assertThat(RawText.toUnicode("x\u00e9y")).isEqualTo("x\u00e9y");
    }

    @Test
    void textThatIsNotRawPassesUnchanged() {
        assertThat(RawText.toUnicode("\u2603 \u00c3\u00a9")).isEqualTo("\u2603 \u00c3\u00a9");
    }

    @Test
    void aRawPathNamesTheUtf8File() {
        assertThat(RawText.path(RawText.fromUnicode("/srv/\u00fcber.html")).toString()).isEqualTo("/srv/\u00fcber.html");
    }
}
