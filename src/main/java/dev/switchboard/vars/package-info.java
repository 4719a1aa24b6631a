/**
 * Variables and what is built from them, all compiled at config load so a request only evaluates:
 * {@link dev.switchboard.vars.VariableRegistry} (names to getters, per-request slots, regex captures),
 * {@link dev.switchboard.vars.BuiltinVariables} (nginx's core variables),
 * {@link dev.switchboard.vars.Template} (text with {@code $vars}),
 * {@link dev.switchboard.vars.MapBlock} ({@code map}),
 * {@link dev.switchboard.vars.IfCondition} ({@code if}) and
 * {@link dev.switchboard.vars.SetInstruction} ({@code set}).
 * The usual order at config load: declare every {@code set} and {@code map} target, then compile.
 */
package dev.switchboard.vars;
