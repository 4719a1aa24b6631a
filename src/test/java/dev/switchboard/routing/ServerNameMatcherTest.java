package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerNameMatcherTest {

    private static ServerNameMatcher<String> matcher(String... nameTargetPairs) {
        List<ServerNameEntry<String>> entries = new ArrayList<>();
        for (int i = 0; i < nameTargetPairs.length; i += 2) {
            entries.add(new ServerNameEntry<>(nameTargetPairs[i], nameTargetPairs[i + 1]));
        }
        return ServerNameMatcher.build(entries);
    }

    private static String target(ServerNameMatcher<String> m, String host) {
        ServerNameMatch<String> match = m.match(host);
        return match == null ? null : match.target();
    }

    @Test
    void exactNamesAreCaseInsensitive() {
        ServerNameMatcher<String> m = matcher("Example.COM", "a", "www.example.com", "b");

        assertThat(target(m, "example.com")).isEqualTo("a");
        assertThat(target(m, "www.example.com")).isEqualTo("b");
        assertThat(target(m, "other.com")).isNull();
        assertThat(m.match("example.com").captures()).isNull();
    }

    @Test
    void leadingWildcardNeedsAtLeastOneMoreLabelAndLongestWins() {
        ServerNameMatcher<String> m = matcher("*.example.com", "short", "*.api.example.com", "long");

        assertThat(target(m, "www.example.com")).isEqualTo("short");
        assertThat(target(m, "a.b.example.com")).isEqualTo("short");
        assertThat(target(m, "v1.api.example.com")).isEqualTo("long");
        assertThat(target(m, "x.v1.api.example.com")).isEqualTo("long");
        assertThat(target(m, "api.example.com")).isEqualTo("short");
        assertThat(target(m, "example.com")).isNull();
        assertThat(target(m, "badexample.com")).isNull();
    }

    @Test
    void trailingWildcardNeedsALabelAfterAndLongestWins() {
        ServerNameMatcher<String> m = matcher("www.*", "www", "www.example.*", "example");

        assertThat(target(m, "www.example.org")).isEqualTo("example");
        assertThat(target(m, "www.example.co.uk")).isEqualTo("example");
        assertThat(target(m, "www.other.org")).isEqualTo("www");
        assertThat(target(m, "www.example")).isEqualTo("www");
        assertThat(target(m, "www")).isNull();
        assertThat(target(m, "wwwx.example.org")).isNull();
    }

    @Test
    void dotFormMatchesTheNameAndItsSubdomains() {
        ServerNameMatcher<String> m = matcher(".example.com", "dot", "*.deep.example.com", "deep");

        assertThat(target(m, "example.com")).isEqualTo("dot");
        assertThat(target(m, "www.example.com")).isEqualTo("dot");
        assertThat(target(m, "deep.example.com")).isEqualTo("dot");
        assertThat(target(m, "a.deep.example.com")).isEqualTo("deep");
        assertThat(target(m, "xexample.com")).isNull();
    }

    @Test
    void starFormOnLongerSuffixDoesNotCoverItsBareName() {
        ServerNameMatcher<String> m = matcher(".com", "com", "*.example.com", "example");

        assertThat(target(m, "example.com")).isEqualTo("com");
        assertThat(target(m, "www.example.com")).isEqualTo("example");
    }

    @Test
    void precedenceIsExactThenLeadingThenTrailingThenRegex() {
        ServerNameMatcher<String> m = matcher(
                "~^www\\.", "regex",
                "www.example.*", "tail",
                "*.example.com", "head",
                "www.example.com", "exact");

        assertThat(target(m, "www.example.com")).isEqualTo("exact");
        assertThat(target(m, "api.example.com")).isEqualTo("head");
        assertThat(target(m, "www.example.org")).isEqualTo("tail");
        assertThat(target(m, "www.other.org")).isEqualTo("regex");
    }

    @Test
    void regexesAreTriedInConfigOrderAndReturnCaptures() {
        ServerNameMatcher<String> m = matcher(
                "~^(?<sub>.+)\\.example\\.com$", "first",
                "~^api\\.example\\.com$", "second",
                "~(?P<tld>[a-z]+)$", "third");

        ServerNameMatch<String> match = m.match("api.example.com");
        assertThat(match.target()).isEqualTo("first");
        assertThat(match.captures().groups()).containsExactly("api.example.com", "api");
        assertThat(match.captures().group("sub")).isEqualTo("api");
        assertThat(m.match("example.org").captures().group("tld")).isEqualTo("org");
        assertThat(m.match("1.2.3.4")).isNull();
    }

    @Test
    void regexWithCapitalsIsCaseless() {
        ServerNameMatcher<String> m = matcher("~^WWW\\.", "caps", "~^api\\.", "lower");

        assertThat(target(m, "www.example.com")).isEqualTo("caps");
        assertThat(target(m, "api.example.com")).isEqualTo("lower");
    }

    @Test
    void emptyNameMatchesRequestsWithoutHostOnly() {
        ServerNameMatcher<String> m = matcher("", "nohost", "~.*", "regex", ".example.com", "dot");

        assertThat(target(m, "")).isEqualTo("nohost");
        assertThat(target(m, "example.com")).isEqualTo("dot");
        assertThat(target(m, "x.org")).isEqualTo("regex");
        assertThat(target(matcher("~.*", "regex"), "")).isNull();
    }

    @Test
    void underscoreIsAnOrdinaryName() {
        ServerNameMatcher<String> m = matcher("_", "catchall");

        assertThat(target(m, "example.com")).isNull();
        assertThat(target(m, "_")).isEqualTo("catchall");
    }

    @Test
    void trailingDotIsIgnored() {
        ServerNameMatcher<String> m = matcher("example.com", "exact", "*.example.org", "head");

        assertThat(target(m, "example.com.")).isEqualTo("exact");
        assertThat(target(m, "a.example.org.")).isEqualTo("head");
    }

    @Test
    void duplicateExactNameKeepsTheFirstAndWarns() {
        ServerNameMatcher<String> m = matcher("example.com", "first", "EXAMPLE.com", "second");

        assertThat(target(m, "example.com")).isEqualTo("first");
        assertThat(m.warnings()).hasSize(1);
        assertThat(m.warnings().get(0).message()).isEqualTo("conflicting server name \"example.com\", ignored");
        assertThat(m.warnings().get(0).entry().target()).isEqualTo("second");
    }

    @Test
    void dotFormConflictsWithExactAndStarForms() {
        ServerNameMatcher<String> m = matcher(
                "example.com", "exact", ".example.com", "dot",
                "*.a.com", "star", ".a.com", "dot-a",
                ".b.com", "dot-b", "*.b.com", "star-b", "b.com", "exact-b",
                "www.x.*", "tail1", "www.x.*", "tail2");

        assertThat(m.warnings()).extracting(ServerNameWarning::message).containsExactly(
                "conflicting server name \".example.com\", ignored",
                "conflicting server name \".a.com\", ignored",
                "conflicting server name \"*.b.com\", ignored",
                "conflicting server name \"b.com\", ignored",
                "conflicting server name \"www.x.*\", ignored");
        assertThat(target(m, "www.example.com")).isNull();
        assertThat(target(m, "a.com")).isNull();
        assertThat(target(m, "b.com")).isEqualTo("dot-b");
        assertThat(target(m, "www.x.y")).isEqualTo("tail1");
    }

    @Test
    void starAndExactOfSameDomainDoNotConflict() {
        ServerNameMatcher<String> m = matcher("*.example.com", "star", "example.com", "exact");

        assertThat(m.warnings()).isEmpty();
        assertThat(target(m, "example.com")).isEqualTo("exact");
        assertThat(target(m, "w.example.com")).isEqualTo("star");
    }

    @Test
    void invalidNamesAreRejected() {
        assertThatThrownBy(() -> matcher("*", "x")).isInstanceOf(RoutingException.class)
                .hasMessage("server name \"*\" is invalid");
        assertThatThrownBy(() -> matcher("*example.com", "x")).hasMessage("server name \"*example.com\" is invalid");
        assertThatThrownBy(() -> matcher(".", "x")).hasMessage("server name \".\" is invalid");
        assertThatThrownBy(() -> matcher("www.*.com", "x"))
                .hasMessage("invalid server name or wildcard \"www.*.com\"");
        assertThatThrownBy(() -> matcher("*.example.*", "x"))
                .hasMessage("invalid server name or wildcard \"*.example.*\"");
        assertThatThrownBy(() -> matcher("a..b", "x")).hasMessage("invalid server name or wildcard \"a..b\"");
        assertThatThrownBy(() -> matcher("~", "x")).hasMessage("empty regex in server name \"~\"");
        assertThatThrownBy(() -> matcher("~(", "x")).hasMessageStartingWith("invalid regex \"(\" in server name: ");
    }

    @Test
    void invalidNameExceptionCarriesTheEntry() {
        ServerNameEntry<String> bad = new ServerNameEntry<>("w*w", "x");

        assertThatThrownBy(() -> ServerNameMatcher.build(List.of(bad)))
                .satisfies(e -> assertThat(((RoutingException) e).serverName()).isSameAs(bad));
    }

    @Test
    void slashInNameWarnsAsSuspicious() {
        ServerNameMatcher<String> m = matcher("http://example.com", "x");

        assertThat(m.warnings()).extracting(ServerNameWarning::message)
                .containsExactly("server name \"http://example.com\" has suspicious symbols");
    }

    @Test
    void manyWildcardsStillResolveTheLongest() {
        List<ServerNameEntry<String>> entries = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            entries.add(new ServerNameEntry<>("*.d" + i + ".example.com", "d" + i));
            entries.add(new ServerNameEntry<>("d" + i + ".example.*", "t" + i));
        }
        ServerNameMatcher<String> m = ServerNameMatcher.build(entries);

        assertThat(target(m, "x.d137.example.com")).isEqualTo("d137");
        assertThat(target(m, "d42.example.net")).isEqualTo("t42");
        assertThat(target(m, "x.d200.example.com")).isNull();
    }
}
