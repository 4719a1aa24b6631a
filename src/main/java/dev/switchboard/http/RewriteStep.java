package dev.switchboard.http;

import dev.switchboard.config.model.ConfigBlock;
import dev.switchboard.vars.IfCondition;
import dev.switchboard.vars.Template;

/**
 * One instruction of nginx's rewrite module, run in order in the server or location rewrite phase
 * ({@code set}, {@code if}, {@code return}, {@code break}).
 */
public sealed interface RewriteStep {

    /** {@code set $name value}: stores the evaluated template in the variable's slot. */
    record Set(int slot, Template value) implements RewriteStep {
    }

    /**
     * {@code return code [text|URL]} or {@code return URL}: ends processing with a response;
     * {@code text} is null when the directive has none.
     */
    record Return(int status, Template text) implements RewriteStep {
    }

    /** {@code if (condition) { ... }}: when true, the block's steps run and its configuration applies. */
    record If(IfCondition condition, ConfigBlock block) implements RewriteStep {
    }

    /** {@code break}: stops the rewrite steps of the current level. */
    record Break() implements RewriteStep {
    }
}
