package dev.switchboard.vars;

import dev.switchboard.config.Argument;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Directive;

/**
 * The rewrite module's {@code set $variable value;}: evaluates the value template and stores it in the variable's
 * slot of the request's {@link VariableStore}. As in nginx, a variable set anywhere may be used anywhere, so a first
 * pass {@link #declare}s every `set` and a second pass {@link #compile}s them (compile also declares, for callers
 * that need only one pass). Reading a variable before any `set` ran gives the empty string.
 *
 * @param slot  where the value is stored
 * @param value what is stored
 */
public record SetInstruction(int slot, Template value) {

    /**
     * Declares the directive's variable and returns its slot.
     *
     * @throws ConfigException for a wrong argument count, a name not starting with '$', or a name that is a
     *                         builtin or map variable ("the duplicate ... variable")
     */
    public static int declare(Directive set, VariableRegistry registry) {
        if (set.args().size() != 2) {
            throw new ConfigException("invalid number of arguments in \"set\" directive", set.position(),
                    "write: set $name value;");
        }
        Argument name = set.arg(0);
        String text = name.text();
        if (text.isEmpty() || text.charAt(0) != '$') {
            throw new ConfigException("invalid variable name \"" + text + "\"", name.position(),
                    "the variable is written with its '$': set $" + text + " ...;");
        }
        if (text.length() == 1) {
            throw new ConfigException("invalid variable name \"$\"", name.position());
        }
        return registry.declareSlot(text.substring(1), name.position());
    }

    /** Declares (if not yet done) and compiles the value; the value may use variables declared anywhere. */
    public static SetInstruction compile(Directive set, VariableRegistry registry) {
        int slot = declare(set, registry);
        return new SetInstruction(slot, Template.compile(set.arg(1), registry));
    }

    /** Runs the instruction for one request. */
    public void execute(RequestContext request) {
        request.variables().set(slot, value.evaluate(request));
    }
}
