package dev.switchboard.vars;

import dev.switchboard.config.Argument;
import dev.switchboard.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.vars.Args.pos;
import static dev.switchboard.vars.Args.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IfConditionTest {

    private final VariableRegistry registry = VariableRegistry.withBuiltins();
    private final TestRequest request = new TestRequest(registry);

    private IfCondition compile(String... texts) {
        return IfCondition.compile(words(4, texts), registry, pos(1, 1));
    }

    private boolean test(String... texts) {
        return compile(texts).test(request);
    }

    @Test
    void variableTruthiness() {
        assertThat(test("($http_x)")).isFalse();
        request.header("X", "0");
        assertThat(test("($http_x)")).isFalse();
        request.headers.clear();
        request.header("X", "");
        assertThat(test("($http_x)")).isFalse();
        request.headers.clear();
        request.header("X", "00");
        assertThat(test("($http_x)")).isTrue();
        assertThat(test("(", "$http_x", ")")).isTrue();
        assertThat(test("(", "$http_x)")).isTrue();
        assertThat(test("($http_x", ")")).isTrue();
    }

    @Test
    void equalAndNotEqual() {
        request.method = "OPTIONS";

        assertThat(test("($request_method", "=", "OPTIONS)")).isTrue();
        assertThat(test("($request_method", "=", "options)")).isFalse();
        assertThat(test("($request_method", "!=", "OPTIONS)")).isFalse();
        assertThat(test("($request_method", "!=", "GET", ")")).isTrue();
        assertThat(test("(", "$request_method", "=", "OPTIONS", ")")).isTrue();
    }

    @Test
    void equalComparesWithATemplateAndMissingValuesAreEmpty() {
        request.header("X-Expected", "/index.html");

        assertThat(test("($uri", "=", "$http_x_expected)")).isTrue();
        assertThat(test("($http_x_missing", "=", "", ")")).isTrue();
        assertThat(test("($http_x_missing", "!=", "", ")")).isFalse();
    }

    @Test
    void quotedOperandWithSpaces() {
        request.header("X", "a b");
        List<Argument> args = new ArrayList<>(words(4, "($http_x", "="));
        args.add(Args.quoted("a b", 1, 15));
        args.add(new Argument(")", false, pos(1, 20)));

        assertThat(IfCondition.compile(args, registry, pos(1, 1)).test(request)).isTrue();
    }

    @Test
    void regexOperatorsSetCaptures() {
        request.target("/users/42/Profile");

        assertThat(test("($uri", "~", "^/users/(\\d+)/(\\w+)$)")).isTrue();
        assertThat(request.variables().capture(1)).isEqualTo("42");
        assertThat(request.variables().capture(2)).isEqualTo("Profile");

        assertThat(test("($uri", "~", "profile$)")).isFalse();
        assertThat(test("($uri", "~*", "PROFILE$)")).isTrue();
        assertThat(test("($uri", "!~", "profile$)")).isTrue();
        assertThat(test("($uri", "!~*", "profile$)")).isFalse();
        assertThat(test("($uri", "~", "/users/)")).isTrue();
    }

    @Test
    void aMatchWithoutGroupsKeepsEarlierCaptures() {
        request.target("/a/b");
        assertThat(test("($uri", "~", "^/(a)/)")).isTrue();
        assertThat(test("($uri", "~", "b$)")).isTrue();
        assertThat(request.variables().capture(1)).isEqualTo("a");
    }

    @Test
    void negatedRegexThatMatchesStillSetsCaptures() {
        request.target("/x/y");
        assertThat(test("($uri", "!~", "^/(x)/)")).isFalse();
        assertThat(request.variables().capture(1)).isEqualTo("x");
    }

    @Test
    void capturesFeedLaterTemplates() {
        request.target("/img/cat.png");
        assertThat(test("($uri", "~", "^/img/(.+)\\.png$)")).isTrue();

        assertThat(Template.compile(Args.arg("/images/$1.webp"), registry).evaluate(request))
                .isEqualTo("/images/cat.webp");
    }

    @Test
    void fileTests(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        Path script = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        String missing = dir.resolve("missing").toString();

        assertThat(test("(-f", file + ")")).isTrue();
        assertThat(test("(-f", dir + ")")).isFalse();
        assertThat(test("(!-f", missing + ")")).isTrue();
        assertThat(test("(!-f", file + ")")).isFalse();
        assertThat(test("(-d", dir + ")")).isTrue();
        assertThat(test("(-d", file + ")")).isFalse();
        assertThat(test("(!-d", file + ")")).isTrue();
        assertThat(test("(-e", file + ")")).isTrue();
        assertThat(test("(-e", dir + ")")).isTrue();
        assertThat(test("(-e", missing + ")")).isFalse();
        assertThat(test("(!-e", missing + ")")).isTrue();
        assertThat(test("(-x", script + ")")).isTrue();
        assertThat(test("(!-x", script + ")")).isFalse();
        assertThat(test("(!-x", missing + ")")).isTrue();
    }

    @Test
    void fileTestEvaluatesItsOperandPerRequest(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("index.html"), "x");
        IfCondition condition = compile("(-f", dir + "$uri)");

        request.target("/index.html");
        assertThat(condition.test(request)).isTrue();
        request.target("/other.html");
        assertThat(condition.test(request)).isFalse();
    }

    @Test
    void missingOpeningParenthesis() {
        assertThatThrownBy(() -> compile("$uri", "=", "a)"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid condition \"$uri\" in test.conf:1:4");
    }

    @Test
    void missingClosingParenthesis() {
        assertThatThrownBy(() -> compile("($uri", "=", "a"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid condition \"a\" in test.conf:1:12");
        assertThatThrownBy(() -> compile("("))
                .hasMessage("invalid condition \"(\" in test.conf:1:4");
        assertThatThrownBy(() -> compile("()"))
                .hasMessage("invalid condition \")\" in test.conf:1:5");
    }

    @Test
    void noArguments() {
        assertThatThrownBy(() -> IfCondition.compile(List.of(), registry, pos(9, 5)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid condition \"\" in test.conf:9:5");
    }

    @Test
    void wrongNumberOfWords() {
        assertThatThrownBy(() -> compile("($uri", "=)"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid condition \"$uri\" in test.conf:1:5");
        assertThatThrownBy(() -> compile("($uri", "=", "a", "b)"))
                .hasMessage("invalid condition \"$uri\" in test.conf:1:5");
        assertThatThrownBy(() -> compile("(-f)"))
                .hasMessage("invalid condition \"-f\" in test.conf:1:5");
        assertThatThrownBy(() -> compile("(-f", "a", "b)"))
                .hasMessage("invalid condition \"-f\" in test.conf:1:5");
    }

    @Test
    void notAVariableOrFileOperator() {
        assertThatThrownBy(() -> compile("(uri", "=", "a)"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid condition \"uri\" in test.conf:1:5");
        assertThatThrownBy(() -> compile("($)"))
                .hasMessage("invalid condition \"$\" in test.conf:1:5");
        assertThatThrownBy(() -> compile("(-z", "a)"))
                .hasMessage("invalid condition \"-z\" in test.conf:1:5");
    }

    @Test
    void unexpectedOperator() {
        assertThatThrownBy(() -> compile("($uri", "==", "a)"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unexpected \"==\" in condition in test.conf:1:10 (operators are = != ~ ~* !~ !~*)");
    }

    @Test
    void invalidRegex() {
        assertThatThrownBy(() -> compile("($uri", "~", "^(a)"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid regular expression \"^(a\": Unclosed group")
                .hasMessageEndingWith(" in test.conf:1:12");
    }

    @Test
    void unknownVariable() {
        assertThatThrownBy(() -> compile("($request_methd", "=", "GET)"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown \"request_methd\" variable in test.conf:1:5 (did you mean $request_method?)");
    }
}
