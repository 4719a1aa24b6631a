package dev.switchboard.config;

/**
 * Applies one directive occurrence to the scope it appears in: parses its arguments and records the result
 * in the scope's settings. Throws {@link ConfigException} for bad values.
 */
@FunctionalInterface
public interface DirectiveHandler {

    void apply(Directive directive, Scope scope, CompileContext context);
}
