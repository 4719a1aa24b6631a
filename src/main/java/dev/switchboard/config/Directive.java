package dev.switchboard.config;

import java.util.List;

/**
 * One parsed directive: its name, arguments and, for block directives, its children
 * ({@code block} is null for a simple directive ending in {@code ;}, and a possibly empty list for a block).
 * {@code include} has already been expanded by the parser, so children may come from other files.
 */
public record Directive(String name, List<Argument> args, List<Directive> block, Position position) {

    public Directive {
        args = List.copyOf(args);
        block = block == null ? null : List.copyOf(block);
    }

    /** True for directives written with a {@code { ... }} block. */
    public boolean isBlock() {
        return block != null;
    }

    /** The i-th argument (0-based). */
    public Argument arg(int i) {
        return args.get(i);
    }
}
