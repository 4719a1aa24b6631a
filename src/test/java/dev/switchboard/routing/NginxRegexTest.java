package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class NginxRegexTest {

    @Test
    void pcreNamedGroupSpellingsBecomeNumberedNames() {
        NginxRegex r = NginxRegex.compile("^/(?<first_name>\\w+)/(?P<id>\\d+)/(?'rest'.*)$", false);

        RegexCaptures c = r.find("/bob/12/x/y");
        assertThat(c.groups()).containsExactly("/bob/12/x/y", "bob", "12", "x/y");
        assertThat(c.group("first_name")).isEqualTo("bob");
        assertThat(c.group("id")).isEqualTo("12");
        assertThat(c.group("rest")).isEqualTo("x/y");
        assertThat(r.names()).containsEntry("first_name", 1).containsEntry("id", 2).containsEntry("rest", 3);
    }

    @Test
    void lookbehindAndNonCapturingGroupsAreNotCounted() {
        RegexCaptures c = NginxRegex.compile("(?<=/)(?:a|b)(?<n>\\d)(?<!x)", false).find("/b7");

        assertThat(c.groups()).containsExactly("b7", "7");
        assertThat(c.group("n")).isEqualTo("7");
    }

    @Test
    void namedBackReferences() {
        NginxRegex r = NginxRegex.compile("^(?<c>[a-z])(?P=c)\\k<c>$", false);

        assertThat(r.find("aaa")).isNotNull();
        assertThat(r.find("aab")).isNull();
    }

    @Test
    void posixClassesAndPcreLiteralsInsideClasses() {
        assertThat(NginxRegex.compile("^[[:alpha:]]+$", false).find("abc")).isNotNull();
        assertThat(NginxRegex.compile("^[[:^digit:]]+$", false).find("a1")).isNull();
        assertThat(NginxRegex.compile("^[[]$", false).find("[")).isNotNull();
        assertThat(NginxRegex.compile("^[]a]+$", false).find("]a]")).isNotNull();
        assertThat(NginxRegex.compile("^[a&&b]+$", false).find("&")).isNotNull();
        assertThat(NginxRegex.compile("^a(?#comment)b$", false).find("ab")).isNotNull();
    }

    @Test
    void caselessIsAsciiCaseFolding() {
        assertThat(NginxRegex.compile("\\.JPG$", true).find("/a.jpg")).isNotNull();
        assertThat(NginxRegex.compile("\\.JPG$", false).find("/a.jpg")).isNull();
    }

    @Test
    void invalidOrDuplicateNamesFail() {
        assertThatThrownBy(() -> NginxRegex.compile("(?<a>x)(?<a>y)", false))
                .isInstanceOf(PatternSyntaxException.class);
        assertThatThrownBy(() -> NginxRegex.compile("(x", false)).isInstanceOf(PatternSyntaxException.class);
    }
}
