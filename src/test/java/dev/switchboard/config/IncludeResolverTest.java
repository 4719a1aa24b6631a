package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IncludeResolverTest {

    @Test
    void patternDetection() {
        assertThat(IncludeResolver.isPattern("conf.d/*.conf")).isTrue();
        assertThat(IncludeResolver.isPattern("x?.conf")).isTrue();
        assertThat(IncludeResolver.isPattern("x[12].conf")).isTrue();
        assertThat(IncludeResolver.isPattern("mime.types")).isFalse();
        assertThat(IncludeResolver.isPattern("{a,b}.conf")).isFalse();
    }

    @Test
    void star() {
        assertThat(IncludeResolver.matches("*.conf", "a.conf")).isTrue();
        assertThat(IncludeResolver.matches("*.conf", ".conf")).isFalse();
        assertThat(IncludeResolver.matches("*.conf", "a.conf.bak")).isFalse();
        assertThat(IncludeResolver.matches("*", "anything")).isTrue();
        assertThat(IncludeResolver.matches("a*b*c", "aXbYbZc")).isTrue();
        assertThat(IncludeResolver.matches("a*b*c", "aXbYbZ")).isFalse();
        assertThat(IncludeResolver.matches("**x", "x")).isTrue();
    }

    @Test
    void leadingDotMustBeMatchedLiterally() {
        assertThat(IncludeResolver.matches("*", ".hidden")).isFalse();
        assertThat(IncludeResolver.matches("?hidden", ".hidden")).isFalse();
        assertThat(IncludeResolver.matches("[.]hidden", ".hidden")).isFalse();
        assertThat(IncludeResolver.matches(".*", ".hidden")).isTrue();
        assertThat(IncludeResolver.matches("a*", "a.b")).isTrue();
    }

    @Test
    void questionMark() {
        assertThat(IncludeResolver.matches("x?.conf", "x1.conf")).isTrue();
        assertThat(IncludeResolver.matches("x?.conf", "x.conf")).isFalse();
        assertThat(IncludeResolver.matches("x?.conf", "x12.conf")).isFalse();
    }

    @Test
    void bracketExpressions() {
        assertThat(IncludeResolver.matches("x[13]", "x1")).isTrue();
        assertThat(IncludeResolver.matches("x[13]", "x2")).isFalse();
        assertThat(IncludeResolver.matches("x[a-c]", "xb")).isTrue();
        assertThat(IncludeResolver.matches("x[a-c]", "xd")).isFalse();
        assertThat(IncludeResolver.matches("x[!a-c]", "xd")).isTrue();
        assertThat(IncludeResolver.matches("x[^a-c]", "xa")).isFalse();
        assertThat(IncludeResolver.matches("x[]a]", "x]")).isTrue();
        assertThat(IncludeResolver.matches("x[a-]", "x-")).isTrue();
    }

    @Test
    void unclosedBracketIsLiteral() {
        assertThat(IncludeResolver.matches("x[1", "x[1")).isTrue();
        assertThat(IncludeResolver.matches("x[1", "x1")).isFalse();
    }

    @Test
    void backslashEscapesAWildcard() {
        assertThat(IncludeResolver.matches("a\\*", "a*")).isTrue();
        assertThat(IncludeResolver.matches("a\\*", "ab")).isFalse();
    }
}
