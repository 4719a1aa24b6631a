package dev.switchboard.config;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a directive is allowed to look like: its name, the contexts it may appear in, its arity, whether it has a
 * block, and the handler that applies it. Each feature package declares the specs of its own directives, as an
 * nginx module declares its {@code ngx_command_t} table.
 *
 * @param block     NONE for {@code name args;}; NESTED when the block holds directives compiled in
 *                  {@code opens} context; RAW when the handler reads the block's lines itself ({@code map}, {@code types})
 * @param repeatable false makes a second occurrence at the same level an error ("directive is duplicate")
 * @param declare   optional hook run over the whole tree before compiling, for names usable before their
 *                  definition (nginx's {@code set} and {@code map} variables)
 */
public record DirectiveSpec(String name, Set<Context> contexts, Arity arity, BlockKind block, Context opens,
                            boolean repeatable, DirectiveHandler handler, DirectiveHandler declare) {

    /** How a directive's block, if any, is read. */
    public enum BlockKind { NONE, NESTED, RAW }

    public DirectiveSpec {
        Objects.requireNonNull(name);
        contexts = Set.copyOf(contexts);
        Objects.requireNonNull(arity);
        Objects.requireNonNull(block);
        Objects.requireNonNull(handler);
        if (block == BlockKind.NESTED) {
            Objects.requireNonNull(opens, "a NESTED block directive names the context it opens");
        }
    }

    /**
     * The context a NESTED block opens under the given parent: {@code if} opens a server-level or a location-level
     * if block depending on where it stands, as nginx's SIF/LIF contexts.
     */
    public Context childContext(Context parent) {
        if (opens == Context.SERVER_IF || opens == Context.LOCATION_IF) {
            return parent == Context.SERVER ? Context.SERVER_IF : Context.LOCATION_IF;
        }
        return opens;
    }

    /** Starts a spec for a simple directive ({@code name args;}) that may appear once per level. */
    public static Builder of(String name, Context... contexts) {
        if (contexts.length == 0) {
            throw new IllegalArgumentException("a directive needs at least one context");
        }
        return new Builder(name, EnumSet.copyOf(java.util.Arrays.asList(contexts)));
    }

    /** Fluent construction of specs. */
    public static final class Builder {
        private final String name;
        private final Set<Context> contexts;
        private Arity arity = Arity.ONE;
        private BlockKind block = BlockKind.NONE;
        private Context opens;
        private boolean repeatable;
        private DirectiveHandler declare;

        private Builder(String name, Set<Context> contexts) {
            this.name = name;
            this.contexts = contexts;
        }

        public Builder arity(Arity value) {
            this.arity = value;
            return this;
        }

        public Builder repeatable() {
            this.repeatable = true;
            return this;
        }

        /** The directive has a block of directives compiled in the given context. */
        public Builder opens(Context child) {
            this.block = BlockKind.NESTED;
            this.opens = child;
            this.repeatable = true;
            return this;
        }

        /** The directive has a block its handler reads itself. */
        public Builder rawBlock() {
            this.block = BlockKind.RAW;
            this.repeatable = true;
            return this;
        }

        public Builder declare(DirectiveHandler hook) {
            this.declare = hook;
            return this;
        }

        public DirectiveSpec handle(DirectiveHandler handler) {
            return new DirectiveSpec(name, contexts, arity, block, opens, repeatable, handler, declare);
        }
    }
}
