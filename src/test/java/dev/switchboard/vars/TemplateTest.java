package dev.switchboard.vars;

import dev.switchboard.config.ConfigException;
import org.junit.jupiter.api.Test;

import static dev.switchboard.vars.Args.arg;
import static dev.switchboard.vars.Args.pos;
import static dev.switchboard.vars.Args.quoted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {

    private final VariableRegistry registry = VariableRegistry.withBuiltins();
    private final TestRequest request = new TestRequest(registry);

    private String eval(String text) {
        return Template.compile(arg(text), registry).evaluate(request);
    }

    @Test
    void constantText() {
        Template template = Template.compile(arg("plain text"), registry);

        assertThat(template.isConstant()).isTrue();
        assertThat(template.constantValue()).isEqualTo("plain text");
        assertThat(template.evaluate(request)).isEqualTo("plain text");
        assertThat(Template.compile(arg(""), registry).evaluate(request)).isEqualTo("");
        assertThat(Template.of("x").constantValue()).isEqualTo("x");
    }

    @Test
    void variablesAreNotConstant() {
        Template template = Template.compile(arg("$uri"), registry);

        assertThat(template.isConstant()).isFalse();
        assertThat(template.source()).isEqualTo("$uri");
        assertThatThrownBy(template::constantValue)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("template \"$uri\" has variables");
    }

    @Test
    void singleVariable() {
        assertThat(eval("$uri")).isEqualTo("/index.html");
    }

    @Test
    void mixedTextAndVariables() {
        request.header("Host", "example.com");

        assertThat(eval("$scheme://$host$uri?x=1")).isEqualTo("http://example.com/index.html?x=1");
    }

    @Test
    void nameTakesTheLongestRunOfNameCharacters() {
        request.target("/p?a=1");

        assertThat(eval("$uri.bak")).isEqualTo("/p.bak");
        assertThat(eval("$uri/x-$args")).isEqualTo("/p/x-a=1");
    }

    @Test
    void bracesEndANameBeforeAdjacentText() {
        assertThat(eval("${scheme}s://x")).isEqualTo("https://x");
        assertThat(eval("pre${uri}post")).isEqualTo("pre/index.htmlpost");
    }

    @Test
    void variableNamesAreCaseInsensitive() {
        assertThat(eval("$URI")).isEqualTo("/index.html");
    }

    @Test
    void capturesTakeOneDigit() {
        request.variables().captures(new String[] {"whole", "one", "two"});

        assertThat(eval("$1")).isEqualTo("one");
        assertThat(eval("$1-$2")).isEqualTo("one-two");
        assertThat(eval("$12")).isEqualTo("one2");
        assertThat(eval("${2}x")).isEqualTo("twox");
        assertThat(eval("[$3]")).isEqualTo("[]");
    }

    @Test
    void notFoundVariablesRenderEmpty() {
        assertThat(eval("$http_x_missing")).isEqualTo("");
        assertThat(eval("<$http_x_missing>")).isEqualTo("<>");
        assertThat(eval("$1")).isEqualTo("");
    }

    @Test
    void loneDollarIsInvalid() {
        assertThatThrownBy(() -> Template.compile(arg("abc$", 2, 10), registry))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.problem()).isEqualTo("invalid variable name");
                    assertThat(ce.position()).isEqualTo(pos(2, 13));
                });
        assertThatThrownBy(() -> Template.compile(arg("$", 1, 1), registry))
                .hasMessageStartingWith("invalid variable name in test.conf:1:1");
    }

    @Test
    void dollarBeforeANonNameCharacterIsInvalid() {
        assertThatThrownBy(() -> Template.compile(arg("a $-b", 3, 5), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid variable name in test.conf:3:7");
        assertThatThrownBy(() -> Template.compile(arg("${}", 3, 5), registry))
                .hasMessageStartingWith("invalid variable name in test.conf:3:5");
        assertThatThrownBy(() -> Template.compile(arg("x${", 3, 5), registry))
                .hasMessageStartingWith("invalid variable name in test.conf:3:6");
        assertThatThrownBy(() -> Template.compile(arg("$0", 3, 5), registry))
                .hasMessageStartingWith("unknown \"0\" variable in test.conf:3:5");
    }

    @Test
    void missingClosingBracket() {
        assertThatThrownBy(() -> Template.compile(arg("${uri", 4, 1), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessage("the closing bracket in \"uri\" variable is missing in test.conf:4:1");
        assertThatThrownBy(() -> Template.compile(arg("x${ur-i}", 4, 1), registry))
                .hasMessage("the closing bracket in \"ur\" variable is missing in test.conf:4:2");
    }

    @Test
    void unknownVariableIsReportedWhereItsDollarIs() {
        assertThatThrownBy(() -> Template.compile(quoted("ok $hots", 5, 20), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown \"hots\" variable in test.conf:5:24 (did you mean $host?)");
    }

    @Test
    void positionsAcrossLinesInAQuotedArgument() {
        assertThatThrownBy(() -> Template.compile(quoted("line one\n  $nope", 5, 20), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown \"nope\" variable in test.conf:6:3");
    }

    @Test
    void setVariablesMayBeUsedOnceDeclared() {
        VariableRegistry own = VariableRegistry.withBuiltins();
        int slot = own.declareSlot("backend");
        TestRequest req = new TestRequest(own);
        req.variables().set(slot, "b1");

        assertThat(Template.compile(arg("http://$backend$uri"), own).evaluate(req)).isEqualTo("http://b1/index.html");
    }
}
