package dev.switchboard.vars;

/**
 * A `map` target: known by name before its map is compiled, so text that comes before the map can use it
 * (nginx resolves names only after the whole configuration is read). A later map of the same target rebinds it,
 * as in nginx, where the last map wins. Bound at config load only, before any request can see it.
 */
final class ForwardVariable implements Variable {

    private Variable target;

    void bind(Variable variable) {
        target = variable;
    }

    @Override
    public String value(RequestContext request) {
        return target == null ? null : target.value(request);
    }
}
