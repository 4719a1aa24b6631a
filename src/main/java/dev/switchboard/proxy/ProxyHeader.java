package dev.switchboard.proxy;

import dev.switchboard.vars.Template;

/** A {@code proxy_set_header NAME VALUE}; an empty evaluated value drops the header. */
public record ProxyHeader(String name, Template value) {
}
