package dev.switchboard.config;

import dev.switchboard.config.model.ConfigBlock;

import java.util.List;
import java.util.Set;

/**
 * Turns a parsed directive tree into a {@link ConfigBlock} tree: checks every directive against its
 * {@link DirectiveSpec} (known name, allowed context, argument count, block shape, duplicates), runs the
 * declaration hooks over the whole tree first (so variables can be used before their `set`/`map`, as in nginx),
 * then applies each handler. The first error stops compilation with its file:line:col.
 */
public final class Compiler {

    private final DirectiveRegistry registry;

    public Compiler(DirectiveRegistry registry) {
        this.registry = registry;
    }

    /** Compiles the top-level directives of a configuration into its main block (frozen on return). */
    public ConfigBlock compile(List<Directive> top, CompileContext context) {
        declare(top, context);
        ConfigBlock main = new ConfigBlock(Context.MAIN, null, null);
        compileInto(top, new Scope(main, null), context);
        main.freeze();
        return main;
    }

    private void declare(List<Directive> directives, CompileContext context) {
        for (Directive directive : directives) {
            for (DirectiveSpec spec : registry.named(directive.name())) {
                if (spec.declare() != null) {
                    spec.declare().apply(directive, null, context);
                    break;
                }
            }
            if (directive.isBlock()) {
                declare(directive.block(), context);
            }
        }
    }

    private void compileInto(List<Directive> directives, Scope scope, CompileContext context) {
        for (Directive directive : directives) {
            DirectiveSpec spec = check(directive, scope);
            if (spec.block() == DirectiveSpec.BlockKind.NESTED) {
                ConfigBlock child = new ConfigBlock(spec.childContext(scope.context()), directive, scope.block());
                Scope childScope = new Scope(child, scope);
                spec.handler().apply(directive, childScope, context);
                compileInto(directive.block(), childScope, context);
            } else {
                spec.handler().apply(directive, scope, context);
            }
        }
    }

    private DirectiveSpec check(Directive directive, Scope scope) {
        String name = directive.name();
        List<DirectiveSpec> candidates = registry.named(name);
        if (candidates.isEmpty()) {
            String near = Suggestions.closest(name, registry.namesIn(scope.context()));
            if (near == null) {
                near = Suggestions.closest(name, registry.names());
            }
            throw new ConfigException("unknown directive \"" + name + "\"", directive.position(),
                    near == null ? null : "did you mean \"" + near + "\"?");
        }
        DirectiveSpec spec = registry.find(name, scope.context());
        if (spec == null) {
            throw new ConfigException("\"" + name + "\" directive is not allowed here", directive.position(),
                    "allowed in " + contextsOf(candidates) + ", not in " + scope.context().label());
        }
        if (!spec.arity().accepts(directive.args().size())) {
            throw new ConfigException("invalid number of arguments in \"" + name + "\" directive",
                    directive.position(), expected(spec.arity()));
        }
        boolean wantsBlock = spec.block() != DirectiveSpec.BlockKind.NONE;
        if (wantsBlock && !directive.isBlock()) {
            throw new ConfigException("directive \"" + name + "\" has no opening \"{\"", directive.position());
        }
        if (!wantsBlock && directive.isBlock()) {
            throw new ConfigException("directive \"" + name + "\" takes no block", directive.position(),
                    "end it with \";\"");
        }
        if (!spec.repeatable() && !scope.markSeen(name)) {
            throw new ConfigException("\"" + name + "\" directive is duplicate", directive.position());
        }
        return spec;
    }

    private static String contextsOf(List<DirectiveSpec> specs) {
        Set<String> labels = new java.util.TreeSet<>();
        specs.forEach(s -> s.contexts().forEach(c -> labels.add(c.label())));
        return String.join(", ", labels);
    }

    private static String expected(Arity arity) {
        if (arity.min() == arity.max()) {
            return "it takes " + arity.min() + (arity.min() == 1 ? " argument" : " arguments");
        }
        if (arity.max() == Integer.MAX_VALUE) {
            return "it takes at least " + arity.min() + (arity.min() == 1 ? " argument" : " arguments");
        }
        return "it takes " + arity.min() + " to " + arity.max() + " arguments";
    }
}
