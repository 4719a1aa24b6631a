package dev.switchboard.vars;

import dev.switchboard.config.ConfigException;
import org.junit.jupiter.api.Test;

import static dev.switchboard.vars.Args.pos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VariableRegistryTest {

    @Test
    void definedVariableResolvesCaseInsensitively() {
        VariableRegistry registry = new VariableRegistry();
        registry.define("Answer", request -> "42");
        TestRequest request = new TestRequest(registry);

        assertThat(registry.resolve("ANSWER", pos(1, 1)).value(request)).isEqualTo("42");
        assertThat(registry.resolve("answer", pos(1, 1)).value(request)).isEqualTo("42");
        assertThat(registry.isDefined("aNsWeR")).isTrue();
    }

    @Test
    void definingTwiceIsAProgrammingError() {
        VariableRegistry registry = new VariableRegistry();
        registry.define("a", request -> "1");

        assertThatThrownBy(() -> registry.define("A", request -> "2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("variable $a is already defined");
    }

    @Test
    void longestPrefixWinsAndGetsTheRestOfTheNameLowercased() {
        VariableRegistry registry = new VariableRegistry();
        registry.definePrefix("x_", rest -> request -> "short:" + rest);
        registry.definePrefix("x_long_", rest -> request -> "long:" + rest);
        TestRequest request = new TestRequest(registry);

        assertThat(registry.resolve("x_Foo", null).value(request)).isEqualTo("short:foo");
        assertThat(registry.resolve("x_long_Bar", null).value(request)).isEqualTo("long:bar");
        assertThat(registry.resolve("x_", null).value(request)).isEqualTo("short:");
    }

    @Test
    void exactNamesWinOverPrefixFamilies() {
        VariableRegistry registry = new VariableRegistry();
        registry.definePrefix("arg_", rest -> request -> "family");
        int slot = registry.declareSlot("arg_special");
        TestRequest request = new TestRequest(registry);
        request.variables().set(slot, "slot");

        assertThat(registry.resolve("arg_special", null).value(request)).isEqualTo("slot");
        assertThat(registry.resolve("arg_other", null).value(request)).isEqualTo("family");
    }

    @Test
    void slotsAreSharedByNameAndCounted() {
        VariableRegistry registry = new VariableRegistry();
        int a = registry.declareSlot("a");
        int b = registry.declareSlot("b");

        assertThat(registry.declareSlot("A")).isEqualTo(a);
        assertThat(a).isEqualTo(0);
        assertThat(b).isEqualTo(1);
        assertThat(registry.slotCount()).isEqualTo(2);

        TestRequest request = new TestRequest(registry);
        Variable readA = registry.resolve("a", null);
        assertThat(readA.value(request)).isNull();
        request.variables().set(a, "value");
        assertThat(readA.value(request)).isEqualTo("value");
    }

    @Test
    void aModuleMayOwnASlotSuchAsProxyHost() {
        VariableRegistry registry = VariableRegistry.withBuiltins();
        int slot = registry.declareSlot("proxy_host");
        TestRequest request = new TestRequest(registry);
        request.variables().set(slot, "backend:8080");

        assertThat(Template.compile(Args.arg("$proxy_host"), registry).evaluate(request)).isEqualTo("backend:8080");
    }

    @Test
    void aSlotCannotShadowAComputedVariable() {
        VariableRegistry registry = VariableRegistry.withBuiltins();

        assertThatThrownBy(() -> registry.declareSlot("URI", pos(4, 9)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("the duplicate \"uri\" variable in test.conf:4:9");
    }

    @Test
    void digitsResolveToCaptures() {
        VariableRegistry registry = new VariableRegistry();
        TestRequest request = new TestRequest(registry);
        request.variables().captures(new String[] {"abc", "a", null, "c"});

        assertThat(registry.resolve("1", null).value(request)).isEqualTo("a");
        assertThat(registry.resolve("2", null).value(request)).isNull();
        assertThat(registry.resolve("3", null).value(request)).isEqualTo("c");
        assertThat(registry.resolve("9", null).value(request)).isNull();
    }

    @Test
    void unknownVariableNamesTheCloseOne() {
        VariableRegistry registry = VariableRegistry.withBuiltins();

        assertThatThrownBy(() -> registry.resolve("remote_adr", pos(3, 7)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown \"remote_adr\" variable in test.conf:3:7 (did you mean $remote_addr?)")
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.problem()).isEqualTo("unknown \"remote_adr\" variable");
                    assertThat(ce.hint()).isEqualTo("did you mean $remote_addr?");
                    assertThat(ce.position()).isEqualTo(pos(3, 7));
                });
    }

    @Test
    void unknownVariableIsLowercasedAndHintsOnlyWhenClose() {
        VariableRegistry registry = VariableRegistry.withBuiltins();

        assertThatThrownBy(() -> registry.resolve("Completely_Different", pos(1, 2)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown \"completely_different\" variable in test.conf:1:2");
        assertThatThrownBy(() -> registry.resolve("0", pos(1, 2)))
                .hasMessageStartingWith("unknown \"0\" variable");
    }

    @Test
    void hintsIncludeSetVariables() {
        VariableRegistry registry = new VariableRegistry();
        registry.declareSlot("backend_pool");

        assertThatThrownBy(() -> registry.resolve("backend_pol", pos(1, 1)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown \"backend_pol\" variable in test.conf:1:1 (did you mean $backend_pool?)");
    }
}
