package dev.switchboard.routing;

import static dev.switchboard.routing.LocationModifier.EXACT;
import static dev.switchboard.routing.LocationModifier.NAMED;
import static dev.switchboard.routing.LocationModifier.PREFIX;
import static dev.switchboard.routing.LocationModifier.PREFIX_NO_REGEX;
import static dev.switchboard.routing.LocationModifier.REGEX;
import static dev.switchboard.routing.LocationModifier.REGEX_CASELESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocationMatcherTest {

    private static LocationRule<String> loc(LocationModifier modifier, String pattern, String target) {
        return LocationRule.of(modifier, pattern, target);
    }

    @SafeVarargs
    private static LocationRule<String> loc(LocationModifier modifier, String pattern, String target,
            LocationRule<String>... nested) {
        List<LocationRule<String>> list = new ArrayList<>();
        for (LocationRule<String> rule : nested) {
            list.add(rule);
        }
        return new LocationRule<>(modifier, pattern, target, list);
    }

    @SafeVarargs
    private static LocationMatcher<String> matcher(LocationRule<String>... rules) {
        // copied element by element: handing the varargs array itself on is what -Xlint:varargs flags
        List<LocationRule<String>> list = new ArrayList<>();
        for (LocationRule<String> rule : rules) {
            list.add(rule);
        }
        return LocationMatcher.build(list);
    }

    private static String target(LocationMatcher<String> m, String uri) {
        LocationMatch<String> match = m.match(uri);
        return match == null ? null : match.target();
    }

    @Test
    void nginxDocumentationExample() {
        LocationMatcher<String> m = matcher(
                loc(EXACT, "/", "A"),
                loc(PREFIX, "/", "B"),
                loc(PREFIX, "/documents/", "C"),
                loc(PREFIX_NO_REGEX, "/images/", "D"),
                loc(REGEX_CASELESS, "\\.(gif|jpg|jpeg)$", "E"));

        assertThat(target(m, "/")).isEqualTo("A");
        assertThat(target(m, "/index.html")).isEqualTo("B");
        assertThat(target(m, "/documents/document.html")).isEqualTo("C");
        assertThat(target(m, "/images/1.gif")).isEqualTo("D");
        assertThat(target(m, "/documents/1.jpg")).isEqualTo("E");
        assertThat(target(m, "/documents/1.JPG")).isEqualTo("E");
    }

    @Test
    void exactRootMatchesOnlyRoot() {
        LocationMatcher<String> m = matcher(loc(EXACT, "/", "root"));

        assertThat(target(m, "/")).isEqualTo("root");
        assertThat(m.match("/a")).isNull();
    }

    @Test
    void longestPrefixWinsWhateverTheOrder() {
        LocationMatcher<String> m = matcher(
                loc(PREFIX, "/a", "a"), loc(PREFIX, "/a/b/c", "abc"), loc(PREFIX, "/a/b", "ab"));

        assertThat(target(m, "/a/b/c/d")).isEqualTo("abc");
        assertThat(target(m, "/a/bx")).isEqualTo("ab");
        assertThat(target(m, "/ax")).isEqualTo("a");
        assertThat(m.match("/b")).isNull();
    }

    @Test
    void prefixesAreCaseSensitive() {
        LocationMatcher<String> m = matcher(loc(PREFIX, "/Api", "api"));

        assertThat(m.match("/api")).isNull();
        assertThat(target(m, "/Api/x")).isEqualTo("api");
    }

    @Test
    void exactAndPrefixOfSameNameCoexist() {
        LocationMatcher<String> m = matcher(loc(PREFIX, "/x", "prefix"), loc(EXACT, "/x", "exact"));

        assertThat(target(m, "/x")).isEqualTo("exact");
        assertThat(target(m, "/xy")).isEqualTo("prefix");
    }

    @Test
    void uriEqualToPrefixNameSkipsRegexesAndNestedLocations() {
        // nginx's static tree returns NGX_OK for a full-length hit on an inclusive location
        LocationMatcher<String> m = matcher(
                loc(PREFIX, "/app/", "app", loc(REGEX, "/$", "nested-slash")),
                loc(REGEX, "^/app", "regex"));

        assertThat(target(m, "/app/")).isEqualTo("app");
        assertThat(target(m, "/app/x")).isEqualTo("regex");
    }

    @Test
    void firstMatchingRegexInConfigOrderWins() {
        LocationMatcher<String> m = matcher(
                loc(PREFIX, "/", "root"),
                loc(REGEX, "\\.php$", "php"),
                loc(REGEX, "^/admin/.*\\.php$", "admin-php"),
                loc(REGEX, "^/admin/", "admin"));

        assertThat(target(m, "/admin/index.php")).isEqualTo("php");
        assertThat(target(m, "/admin/x")).isEqualTo("admin");
        assertThat(target(m, "/x")).isEqualTo("root");
    }

    @Test
    void regexIsASearchNotAWholeMatch() {
        LocationMatcher<String> m = matcher(loc(REGEX, "images", "img"));

        assertThat(target(m, "/static/images/a.png")).isEqualTo("img");
    }

    @Test
    void caseSensitiveAndCaselessRegexes() {
        LocationMatcher<String> m = matcher(loc(REGEX, "\\.PNG$", "upper"), loc(REGEX_CASELESS, "\\.png$", "any"));

        assertThat(target(m, "/a.PNG")).isEqualTo("upper");
        assertThat(target(m, "/a.png")).isEqualTo("any");
        assertThat(target(m, "/a.Png")).isEqualTo("any");
    }

    @Test
    void regexWinsOverLongestPrefixUnlessCaretTilde() {
        LocationMatcher<String> m = matcher(
                loc(PREFIX, "/static/", "static"),
                loc(PREFIX_NO_REGEX, "/assets/", "assets"),
                loc(REGEX, "\\.css$", "css"));

        assertThat(target(m, "/static/a.css")).isEqualTo("css");
        assertThat(target(m, "/assets/a.css")).isEqualTo("assets");
        assertThat(target(m, "/static/a.js")).isEqualTo("static");
    }

    @Test
    void caretTildeCountsOnlyWhenItIsTheLongestPrefix() {
        LocationMatcher<String> m = matcher(
                loc(PREFIX_NO_REGEX, "/a/", "noregex"),
                loc(PREFIX, "/a/b/", "longer"),
                loc(REGEX, "\\.txt$", "txt"));

        assertThat(target(m, "/a/b/x.txt")).isEqualTo("txt");
        assertThat(target(m, "/a/x.txt")).isEqualTo("noregex");
    }

    @Test
    void capturesIncludeWholeMatchAndNamedGroups() {
        LocationMatcher<String> m = matcher(
                loc(REGEX, "^/users/(?<user_id>\\d+)/(\\w+)(/x)?$", "user"),
                loc(REGEX, "^/p/(?P<name>[a-z]+)$", "p"));

        LocationMatch<String> match = m.match("/users/42/posts");
        assertThat(match.target()).isEqualTo("user");
        assertThat(match.groups()).containsExactly("/users/42/posts", "42", "posts", "");
        assertThat(match.captures().group("user_id")).isEqualTo("42");
        assertThat(match.captures().group(9)).isEmpty();
        assertThat(match.exactWithoutSlash()).isFalse();

        assertThat(m.match("/p/abc").captures().group("name")).isEqualTo("abc");
    }

    @Test
    void nonRegexMatchHasNoCaptures() {
        LocationMatch<String> match = matcher(loc(PREFIX, "/", "root")).match("/x");

        assertThat(match.groups()).isNull();
        assertThat(match.captures()).isNull();
        assertThat(match.rule().pattern()).isEqualTo("/");
    }

    @Test
    void nestedLocationsAreSearchedBeforeTheOuterRegexes() {
        LocationMatcher<String> m = matcher(
                loc(PREFIX, "/api/", "api",
                        loc(EXACT, "/api/health", "health"),
                        loc(PREFIX, "/api/v2/", "v2"),
                        loc(REGEX, "\\.json$", "api-json")),
                loc(REGEX, "\\.(json|xml)$", "outer-data"));

        assertThat(target(m, "/api/health")).isEqualTo("health");
        assertThat(target(m, "/api/v2/users")).isEqualTo("v2");
        assertThat(target(m, "/api/v2/users.json")).isEqualTo("api-json");
        assertThat(target(m, "/api/users.xml")).isEqualTo("outer-data");
        assertThat(target(m, "/api/users")).isEqualTo("api");
        assertThat(target(m, "/other.json")).isEqualTo("outer-data");
    }

    @Test
    void nestedCaretTildeStopsOnlyItsOwnLevelsRegexes() {
        // nginx remembers ^~ per level: the nested ^~ hides /a/'s regexes, not the server's
        LocationMatcher<String> m = matcher(
                loc(PREFIX, "/a/", "a",
                        loc(PREFIX_NO_REGEX, "/a/b/", "b"),
                        loc(REGEX, "\\.txt$", "inner-txt")),
                loc(REGEX, "\\.txt$", "outer-txt"));

        assertThat(target(m, "/a/b/x.txt")).isEqualTo("outer-txt");
        assertThat(target(m, "/a/x.txt")).isEqualTo("inner-txt");
        assertThat(target(m, "/a/b/x")).isEqualTo("b");
    }

    @Test
    void outerCaretTildeStopsOuterRegexesButNotNestedOnes() {
        LocationMatcher<String> m = matcher(
                loc(PREFIX_NO_REGEX, "/static/", "static", loc(REGEX, "\\.gz$", "gz")),
                loc(REGEX, "\\.(gz|css)$", "outer"));

        assertThat(target(m, "/static/a.gz")).isEqualTo("gz");
        assertThat(target(m, "/static/a.css")).isEqualTo("static");
    }

    @Test
    void regexLocationsSearchTheirNestedLocations() {
        LocationMatcher<String> m = matcher(
                loc(REGEX, "/api", "api-regex",
                        loc(PREFIX, "/api/v1/", "v1"),
                        loc(REGEX, "^/api/v1/(\\d+)$", "v1-id")));

        assertThat(target(m, "/x/api")).isEqualTo("api-regex");
        LocationMatch<String> v1 = m.match("/api/v1/x");
        assertThat(v1.target()).isEqualTo("v1");
        assertThat(v1.groups()).containsExactly("/api");
        LocationMatch<String> id = m.match("/api/v1/7");
        assertThat(id.target()).isEqualTo("v1-id");
        assertThat(id.groups()).containsExactly("/api/v1/7", "7");
    }

    @Test
    void noMatchIsNull() {
        LocationMatcher<String> m = matcher(loc(PREFIX, "/a", "a"), loc(REGEX, "^/b", "b"), loc(NAMED, "@x", "x"));

        assertThat(m.match("/c")).isNull();
        assertThat(m.match("@x")).isNull();
        assertThat(LocationMatcher.<String>build(List.of()).match("/")).isNull();
    }

    @Test
    void namedLocationsAreFoundByNameOnly() {
        LocationRule<String> first = loc(NAMED, "@fallback", "first");
        LocationMatcher<String> m = matcher(loc(PREFIX, "/", "root"), first, loc(NAMED, "@fallback", "second"));

        assertThat(m.named("@fallback")).isEqualTo("first");
        assertThat(m.namedRule("@fallback")).isSameAs(first);
        assertThat(m.named("@missing")).isNull();
        assertThat(target(m, "/@fallback")).isEqualTo("root");
    }

    @Test
    void autoRedirectForUriWithoutTrailingSlash() {
        LocationMatcher<String> m = LocationMatcher.build(List.of(
                loc(PREFIX, "/", "root"),
                loc(PREFIX, "/app/", "proxy:app"),
                loc(PREFIX, "/files/", "static"),
                loc(REGEX, "^/app", "regex")), target -> target.startsWith("proxy:"));

        LocationMatch<String> redirect = m.match("/app");
        assertThat(redirect.target()).isEqualTo("proxy:app");
        assertThat(redirect.exactWithoutSlash()).isTrue();

        assertThat(m.match("/app/").exactWithoutSlash()).isFalse();
        assertThat(m.match("/app/").target()).isEqualTo("proxy:app");
        assertThat(m.match("/files").target()).isEqualTo("root");
        assertThat(m.match("/files").exactWithoutSlash()).isFalse();
        assertThat(m.match("/appx").target()).isEqualTo("regex");
    }

    @Test
    void exactLocationBeatsAutoRedirect() {
        LocationMatcher<String> m = LocationMatcher.build(List.of(
                loc(PREFIX, "/app/", "proxy:app"), loc(EXACT, "/app", "exact")), target -> target.startsWith("proxy:"));

        assertThat(m.match("/app").target()).isEqualTo("exact");
        assertThat(m.match("/app").exactWithoutSlash()).isFalse();
    }

    @Test
    void autoRedirectInNestedPrefixLocation() {
        LocationMatcher<String> m = LocationMatcher.build(List.of(
                loc(PREFIX, "/a/", "a", loc(PREFIX, "/a/b/", "proxy:b"))), target -> target.startsWith("proxy:"));

        assertThat(m.match("/a/b").target()).isEqualTo("proxy:b");
        assertThat(m.match("/a/b").exactWithoutSlash()).isTrue();
    }

    @Test
    void autoRedirectBelowARegexLocationIsNotReported() {
        // nginx turns NGX_DONE into NGX_OK after a regex match: the location is used, no redirect
        LocationMatcher<String> m = LocationMatcher.build(List.of(
                loc(REGEX, "/x", "regex", loc(PREFIX, "/x/", "proxy:x"))), target -> target.startsWith("proxy:"));

        assertThat(m.match("/x").target()).isEqualTo("proxy:x");
        assertThat(m.match("/x").exactWithoutSlash()).isFalse();
    }

    @Test
    void duplicatePrefixIsRejected() {
        LocationRule<String> second = loc(PREFIX, "/x", "2");

        assertThatThrownBy(() -> matcher(loc(PREFIX, "/x", "1"), loc(PREFIX, "/y", "y"), second))
                .isInstanceOf(RoutingException.class)
                .hasMessage("duplicate location \"/x\"")
                .satisfies(e -> assertThat(((RoutingException) e).rule()).isSameAs(second));
    }

    @Test
    void prefixAndCaretTildeOfSameNameAreDuplicates() {
        assertThatThrownBy(() -> matcher(loc(PREFIX_NO_REGEX, "/x", "1"), loc(PREFIX, "/x", "2")))
                .hasMessage("duplicate location \"/x\"");
    }

    @Test
    void duplicateExactIsRejectedEvenNested() {
        assertThatThrownBy(() -> matcher(loc(PREFIX, "/a", "a", loc(EXACT, "/a/b", "1"), loc(EXACT, "/a/b", "2"))))
                .hasMessage("duplicate location \"/a/b\"");
    }

    @Test
    void sameNameAtDifferentLevelsOrSameRegexTwiceIsAllowed() {
        LocationMatcher<String> m = matcher(
                loc(PREFIX, "/a", "outer", loc(PREFIX, "/a", "inner")),
                loc(REGEX, "x", "x1"), loc(REGEX, "x", "x2"));

        assertThat(target(m, "/ab")).isEqualTo("inner");
        assertThat(target(m, "/x")).isEqualTo("x1");
    }

    @Test
    void invalidRegexIsRejected() {
        LocationRule<String> bad = loc(REGEX, "^/(unclosed", "bad");

        assertThatThrownBy(() -> matcher(bad))
                .isInstanceOf(RoutingException.class)
                .hasMessageStartingWith("invalid regex \"^/(unclosed\" in location: ")
                .satisfies(e -> assertThat(((RoutingException) e).rule()).isSameAs(bad));
    }

    @Test
    void exactLocationCannotContainLocations() {
        assertThatThrownBy(() -> matcher(loc(EXACT, "/a", "a", loc(PREFIX, "/a/b", "b"))))
                .hasMessage("location \"/a/b\" cannot be inside the exact location \"/a\"");
    }

    @Test
    void namedLocationsOnlyAtServerLevel() {
        assertThatThrownBy(() -> matcher(loc(PREFIX, "/a", "a", loc(NAMED, "@x", "x"))))
                .hasMessage("named location \"@x\" can be on the server level only");
        assertThatThrownBy(() -> matcher(loc(NAMED, "@x", "x", loc(PREFIX, "/a", "a"))))
                .hasMessage("location \"/a\" cannot be inside the named location \"@x\"");
    }

    @Test
    void nestedLocationMustStartWithItsParentsName() {
        LocationRule<String> outside = loc(PREFIX, "/b", "b");

        assertThatThrownBy(() -> matcher(loc(PREFIX, "/a", "a", outside)))
                .hasMessage("location \"/b\" is outside location \"/a\"")
                .satisfies(e -> assertThat(((RoutingException) e).rule()).isSameAs(outside));
        assertThatThrownBy(() -> matcher(loc(REGEX, "^/api", "r", loc(PREFIX, "/api/x", "x"))))
                .hasMessage("location \"/api/x\" is outside location \"^/api\"");
    }

    @Test
    void nestedRegexMayHaveAnyPattern() {
        LocationMatcher<String> m = matcher(loc(PREFIX, "/a/", "a", loc(REGEX, "\\.png$", "png")));

        assertThat(target(m, "/a/x.png")).isEqualTo("png");
        assertThat(m.match("/b/x.png")).isNull();
    }

    @Test
    void nestingErrorsAreReportedBeforeDuplicates() {
        assertThatThrownBy(() -> matcher(
                loc(PREFIX, "/x", "1"), loc(PREFIX, "/x", "2"), loc(PREFIX, "/a", "a", loc(PREFIX, "/b", "b"))))
                .hasMessage("location \"/b\" is outside location \"/a\"");
    }

    @Test
    void namedPatternMustKeepItsAtSign() {
        assertThatThrownBy(() -> matcher(loc(NAMED, "fallback", "f")))
                .hasMessage("named location \"fallback\" must start with \"@\"");
    }

    @Test
    void matchingIsRepeatableAndThreadIndependent() throws Exception {
        LocationMatcher<String> m = matcher(loc(REGEX, "^/(\\d+)$", "n"), loc(PREFIX, "/", "root"));
        String[][] seen = new String[1][];
        Thread t = new Thread(() -> seen[0] = m.match("/7").groups());
        t.start();
        t.join();

        assertThat(m.match("/12").groups()).containsExactly("/12", "12");
        assertThat(m.match("/x").groups()).isNull();
        assertThat(seen[0]).containsExactly("/7", "7");
    }
}
