package dev.switchboard.vars;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Directive;
import org.junit.jupiter.api.Test;

import static dev.switchboard.vars.Args.arg;
import static dev.switchboard.vars.Args.directive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SetInstructionTest {

    private final VariableRegistry registry = VariableRegistry.withBuiltins();

    @Test
    void storesTheEvaluatedValue() {
        SetInstruction set = SetInstruction.compile(directive(1, "set", "$target", "$scheme://backend$uri"), registry);
        TestRequest request = new TestRequest(registry);

        assertThat(registry.resolve("target", null).value(request)).isNull();
        set.execute(request);
        assertThat(registry.resolve("target", null).value(request)).isEqualTo("http://backend/index.html");
        assertThat(request.variables().get(set.slot())).isEqualTo("http://backend/index.html");
    }

    @Test
    void aVariableMayBeUsedBeforeTheSetThatDeclaresIt() {
        Directive late = directive(9, "set", "$late", "value");
        SetInstruction.declare(late, registry);
        Template earlier = Template.compile(arg("<$late>"), registry);
        SetInstruction set = SetInstruction.compile(late, registry);
        TestRequest request = new TestRequest(registry);

        assertThat(earlier.evaluate(request)).isEqualTo("<>");
        set.execute(request);
        assertThat(earlier.evaluate(request)).isEqualTo("<value>");
    }

    @Test
    void setsOfOneNameShareASlotAndTheLastRunWins() {
        SetInstruction first = SetInstruction.compile(directive(1, "set", "$x", "one"), registry);
        SetInstruction second = SetInstruction.compile(directive(2, "set", "$X", "two-$x"), registry);
        TestRequest request = new TestRequest(registry);

        assertThat(second.slot()).isEqualTo(first.slot());
        first.execute(request);
        second.execute(request);
        assertThat(Template.compile(arg("$x"), registry).evaluate(request)).isEqualTo("two-one");
    }

    @Test
    void valueMayUseCaptures() {
        SetInstruction set = SetInstruction.compile(directive(1, "set", "$id", "user-$1"), registry);
        TestRequest request = new TestRequest(registry);
        request.variables().captures(new String[] {"/u/5", "5"});

        set.execute(request);
        assertThat(request.variables().get(set.slot())).isEqualTo("user-5");
    }

    @Test
    void nameMustStartWithDollar() {
        assertThatThrownBy(() -> SetInstruction.declare(directive(3, "set", "x", "1"), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid variable name \"x\" in test.conf:3:9 (the variable is written with its '$': set $x ...;)");
        assertThatThrownBy(() -> SetInstruction.declare(directive(3, "set", "$", "1"), registry))
                .hasMessage("invalid variable name \"$\" in test.conf:3:9");
    }

    @Test
    void wrongArgumentCount() {
        assertThatThrownBy(() -> SetInstruction.compile(directive(3, "set", "$x"), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid number of arguments in \"set\" directive in test.conf:3:5 (write: set $name value;)");
    }

    @Test
    void builtinVariablesCannotBeSet() {
        assertThatThrownBy(() -> SetInstruction.compile(directive(3, "set", "$uri", "/x"), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessage("the duplicate \"uri\" variable in test.conf:3:9");
    }

    @Test
    void unknownVariableInTheValue() {
        assertThatThrownBy(() -> SetInstruction.compile(directive(3, "set", "$x", "a$nope"), registry))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown \"nope\" variable in test.conf:3:13");
    }
}
