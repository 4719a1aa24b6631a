package dev.switchboard.proxy;

import dev.switchboard.vars.Template;

/**
 * One header line of the request sent upstream, in nginx's order: the location's {@code proxy_set_header} list
 * followed by nginx's defaults it does not override. {@code value} is null for the two headers nginx computes from
 * the body ({@code Content-Length}, {@code Transfer-Encoding}).
 */
public record HeaderRule(String name, Template value, Kind kind) {

    /** Whether the value is configured or computed from the request body. */
    public enum Kind { CONFIGURED, BODY_LENGTH, BODY_CHUNKED }
}
