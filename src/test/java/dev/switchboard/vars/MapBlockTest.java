package dev.switchboard.vars;

import dev.switchboard.config.Argument;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Directive;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.vars.Args.arg;
import static dev.switchboard.vars.Args.pos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MapBlockTest {

    private final VariableRegistry registry = VariableRegistry.withBuiltins();

    /** A map block; entries are {key, value} pairs (or {keyword}) on lines 2, 3, ... */
    private static Directive map(String source, String target, String[]... entries) {
        List<Directive> children = new ArrayList<>();
        int line = 2;
        for (String[] entry : entries) {
            String[] args = new String[entry.length - 1];
            System.arraycopy(entry, 1, args, 0, args.length);
            children.add(Args.directive(line++, entry[0], args));
        }
        return Args.block(1, "map", children, source, target);
    }

    private static String[] e(String... words) {
        return words;
    }

    private String lookup(String target, TestRequest request) {
        return registry.resolve(target, null).value(request);
    }

    private TestRequest requestWithHeader(String name, String value) {
        TestRequest request = new TestRequest(registry);
        if (value != null) {
            request.header(name, value);
        }
        return request;
    }

    @Test
    void connectionUpgradeClassic() {
        MapBlock.compile(map("$http_upgrade", "$connection_upgrade",
                e("default", "upgrade"), e("", "close")), registry);

        assertThat(lookup("connection_upgrade", requestWithHeader("Upgrade", "websocket"))).isEqualTo("upgrade");
        assertThat(lookup("connection_upgrade", requestWithHeader("Upgrade", null))).isEqualTo("close");
        assertThat(lookup("connection_upgrade", requestWithHeader("Upgrade", ""))).isEqualTo("close");
    }

    @Test
    void exactKeysIgnoreCase() {
        MapBlock.compile(map("$http_x_env", "$env",
                e("Production", "prod"), e("staging", "stage")), registry);

        assertThat(lookup("env", requestWithHeader("X-Env", "PRODUCTION"))).isEqualTo("prod");
        assertThat(lookup("env", requestWithHeader("X-Env", "Staging"))).isEqualTo("stage");
        assertThat(lookup("env", requestWithHeader("X-Env", "dev"))).isEqualTo("");
    }

    @Test
    void exactKeysBeatRegexesWhichRunInOrderAndSetCaptures() {
        MapBlock.compile(map("$uri", "$route",
                e("/exact", "exact"),
                e("~^/api/(v\\d+)/(.*)$", "api $1 $2"),
                e("~^/api/", "never"),
                e("~*\\.PNG$", "image"),
                e("default", "other:$uri")), registry);

        TestRequest request = new TestRequest(registry);
        request.target("/exact");
        assertThat(lookup("route", request)).isEqualTo("exact");
        request.target("/api/v2/users/7");
        assertThat(lookup("route", request)).isEqualTo("api v2 users/7");
        assertThat(request.variables().capture(1)).isEqualTo("v2");
        request.target("/img/logo.png");
        assertThat(lookup("route", request)).isEqualTo("image");
        request.target("/else");
        assertThat(lookup("route", request)).isEqualTo("other:/else");
    }

    @Test
    void regexKeysAreCaseSensitiveUnlessStarred() {
        MapBlock.compile(map("$uri", "$kind", e("~^/Admin", "admin"), e("default", "-")), registry);
        TestRequest request = new TestRequest(registry);

        request.target("/Admin/x");
        assertThat(lookup("kind", request)).isEqualTo("admin");
        request.target("/admin/x");
        assertThat(lookup("kind", request)).isEqualTo("-");
    }

    @Test
    void regexesAreNotTriedOnAnEmptySource() {
        MapBlock.compile(map("$http_x", "$m", e("~^$", "matched"), e("default", "fallback")), registry);

        assertThat(lookup("m", requestWithHeader("X", null))).isEqualTo("fallback");
    }

    @Test
    void noDefaultGivesEmptyString() {
        MapBlock.compile(map("$http_x", "$m", e("a", "1")), registry);

        assertThat(lookup("m", requestWithHeader("X", "b"))).isEqualTo("");
    }

    @Test
    void valuesMayUseVariablesAndTheSourceMayBeAComposite() {
        MapBlock.compile(map("$request_method:$uri", "$m",
                e("get:/a", "$scheme-a"), e("default", "$request_method")), registry);
        TestRequest request = new TestRequest(registry);

        request.target("/a");
        assertThat(lookup("m", request)).isEqualTo("http-a");
        request.method = "POST";
        assertThat(lookup("m", request)).isEqualTo("POST");
    }

    @Test
    void backslashMakesKeywordsPlainKeys() {
        MapBlock.compile(map("$http_x", "$m",
                e("\\default", "literal default"), e("\\~x", "literal tilde"), e("default", "d")), registry);

        assertThat(lookup("m", requestWithHeader("X", "default"))).isEqualTo("literal default");
        assertThat(lookup("m", requestWithHeader("X", "~x"))).isEqualTo("literal tilde");
        assertThat(lookup("m", requestWithHeader("X", "zzz"))).isEqualTo("d");
    }

    @Test
    void hostnames() {
        MapBlock.compile(map("$http_host", "$site",
                e("hostnames"),
                e("example.com", "exact"),
                e("*.example.com", "star"),
                e("*.api.example.com", "api-star"),
                e(".example.org", "dot"),
                e("www.example.*", "tail"),
                e("www.*", "www-tail"),
                e("~^(\\w+)\\.test$", "regex $1"),
                e("default", "none")), registry);

        assertThat(lookup("site", requestWithHeader("Host", "example.com"))).isEqualTo("exact");
        assertThat(lookup("site", requestWithHeader("Host", "EXAMPLE.com."))).isEqualTo("exact");
        assertThat(lookup("site", requestWithHeader("Host", "a.example.com"))).isEqualTo("star");
        assertThat(lookup("site", requestWithHeader("Host", "a.b.example.com"))).isEqualTo("star");
        assertThat(lookup("site", requestWithHeader("Host", "x.api.example.com"))).isEqualTo("api-star");
        assertThat(lookup("site", requestWithHeader("Host", "api.example.com"))).isEqualTo("star");
        assertThat(lookup("site", requestWithHeader("Host", "example.org"))).isEqualTo("dot");
        assertThat(lookup("site", requestWithHeader("Host", "x.example.org"))).isEqualTo("dot");
        assertThat(lookup("site", requestWithHeader("Host", "www.example.net"))).isEqualTo("tail");
        assertThat(lookup("site", requestWithHeader("Host", "www.example.co.uk"))).isEqualTo("tail");
        assertThat(lookup("site", requestWithHeader("Host", "www.other.net"))).isEqualTo("www-tail");
        assertThat(lookup("site", requestWithHeader("Host", "foo.test"))).isEqualTo("regex foo");
        assertThat(lookup("site", requestWithHeader("Host", "nothing.net"))).isEqualTo("none");
    }

    @Test
    void wildcardsAreLiteralWithoutHostnames() {
        MapBlock.compile(map("$http_host", "$site", e("*.example.com", "star"), e("default", "none")), registry);

        assertThat(lookup("site", requestWithHeader("Host", "a.example.com"))).isEqualTo("none");
        assertThat(lookup("site", requestWithHeader("Host", "*.example.com"))).isEqualTo("star");
    }

    @Test
    void volatileIsAccepted() {
        MapBlock.compile(map("$http_x", "$m", e("volatile"), e("a", "1")), registry);

        assertThat(lookup("m", requestWithHeader("X", "a"))).isEqualTo("1");
    }

    @Test
    void targetMayBeUsedBeforeTheMapIsCompiled() {
        Directive directive = map("$http_x", "$late", e("a", "1"));
        MapBlock.declare(directive, registry);
        Template early = Template.compile(arg("[$late]"), registry);
        MapBlock.compile(directive, registry);

        assertThat(early.evaluate(requestWithHeader("X", "a"))).isEqualTo("[1]");
    }

    @Test
    void aLaterMapOfTheSameTargetWins() {
        MapBlock.compile(map("$http_x", "$m", e("a", "first")), registry);
        MapBlock.compile(map("$http_x", "$m", e("a", "second")), registry);

        assertThat(lookup("m", requestWithHeader("X", "a"))).isEqualTo("second");
    }

    @Test
    void duplicateKeyConflicts() {
        assertThatThrownBy(() -> MapBlock.compile(map("$http_x", "$m", e("Key", "1"), e("key", "2")), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("conflicting parameter \"key\" in test.conf:3:5");
    }

    @Test
    void hostnameDotFormConflictsWithItsExactName() {
        assertThatThrownBy(() -> MapBlock.compile(map("$host", "$m",
                e("hostnames"), e("example.com", "1"), e(".example.com", "2")), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("conflicting parameter \".example.com\" in test.conf:4:5");
        assertThatThrownBy(() -> MapBlock.compile(map("$host", "$m2",
                e("hostnames"), e("*.example.com", "1"), e(".example.com", "2")), registry))
                .hasMessageStartingWith("conflicting parameter \".example.com\" in test.conf:4:5");
    }

    @Test
    void invalidWildcard() {
        assertThatThrownBy(() -> MapBlock.compile(map("$host", "$m",
                e("hostnames"), e("www.*.com", "1")), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid hostname or wildcard \"www.*.com\" in test.conf:3:5");
        assertThatThrownBy(() -> MapBlock.compile(map("$host", "$m2",
                e("hostnames"), e("a..b", "1")), registry))
                .hasMessage("invalid hostname or wildcard \"a..b\" in test.conf:3:5");
    }

    @Test
    void duplicateDefault() {
        assertThatThrownBy(() -> MapBlock.compile(map("$http_x", "$m", e("default", "1"), e("default", "2")), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessage("duplicate default map parameter in test.conf:3:5");
    }

    @Test
    void invalidRegex() {
        assertThatThrownBy(() -> MapBlock.compile(map("$uri", "$m", e("~^/(unclosed", "1")), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid regular expression \"^/(unclosed\": Unclosed group")
                .hasMessageContaining(" in test.conf:2:5");
    }

    @Test
    void wrongNumberOfEntryParameters() {
        assertThatThrownBy(() -> MapBlock.compile(map("$uri", "$m", e("a", "1", "2")), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid number of the map parameters in test.conf:2:5 (each line is: KEY VALUE;)");
        assertThatThrownBy(() -> MapBlock.compile(map("$uri", "$m2", e("lonely")), registry))
                .hasMessageStartingWith("invalid number of the map parameters in test.conf:2:5");
    }

    @Test
    void wrongShapeOfTheMapDirective() {
        Directive oneArg = Args.block(1, "map", List.of(), "$uri");
        Directive noBlock = Args.directive(1, "map", "$uri", "$m");

        assertThatThrownBy(() -> MapBlock.compile(oneArg, registry))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid number of arguments in \"map\" directive in test.conf:1:5");
        assertThatThrownBy(() -> MapBlock.compile(noBlock, registry))
                .hasMessage("directive \"map\" has no opening \"{\" in test.conf:1:5");
    }

    @Test
    void nestedBlockIsUnexpected() {
        Directive nested = new Directive("a", List.of(), List.of(), pos(2, 5));
        Directive directive = new Directive("map", List.of(arg("$uri"), arg("$m")), List.of(nested), pos(1, 1));

        assertThatThrownBy(() -> MapBlock.compile(directive, registry))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unexpected \"{\" in test.conf:2:5");
    }

    @Test
    void targetMustBeAVariableThatIsNotBuiltin() {
        assertThatThrownBy(() -> MapBlock.compile(map("$uri", "target", e("a", "1")), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid variable name \"target\" in test.conf:1:14 (the map target is a variable: $target)");
        assertThatThrownBy(() -> MapBlock.compile(map("$uri", "$Host", e("a", "1")), registry))
                .hasMessage("the duplicate \"host\" variable in test.conf:1:14");
    }

    @Test
    void unknownVariableInAValue() {
        List<Directive> children = List.of(new Directive("a", List.of(new Argument("$nope", false, pos(2, 7))),
                null, pos(2, 5)));
        Directive directive = new Directive("map", List.of(arg("$uri"), arg("$m")), children, pos(1, 1));

        assertThatThrownBy(() -> MapBlock.compile(directive, registry))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown \"nope\" variable in test.conf:2:7");
    }
}
