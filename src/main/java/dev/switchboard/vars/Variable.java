package dev.switchboard.vars;

/**
 * A variable's getter, resolved once at config load. Returns null when the variable is "not found"
 * (nginx's not_found flag), which templates render as the empty string.
 */
@FunctionalInterface
public interface Variable {

    String value(RequestContext request);
}
