package dev.switchboard.http;

import dev.switchboard.vars.Template;

import java.util.Set;

/**
 * An {@code error_page CODE... [=[RESPONSE]] URI}: which statuses it covers, the status to answer with
 * ({@code -1} keeps the original; {@code 0} means "=" alone: the status of the redirected request), and the target:
 * a local URI (internal redirect), a {@code @named} location, or an absolute URL (answered as a redirect).
 */
public record ErrorPage(Set<Integer> codes, int overrideStatus, Template target) {
}
