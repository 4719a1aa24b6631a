package dev.switchboard.http;

import dev.switchboard.vars.Template;

/**
 * Where static files come from: {@code root} (the request URI is appended) or {@code alias} (the location's
 * prefix is replaced). The path is a template, resolved against the prefix when relative.
 */
public record DocumentRoot(Template path, boolean alias) {
}
