package dev.switchboard.http;

import dev.switchboard.vars.Template;

/**
 * An {@code add_header NAME VALUE [always]}: added to responses with status 200, 201, 204, 206, 301, 302, 303,
 * 304, 307 or 308, or to every response with {@code always}. An empty evaluated value adds nothing.
 */
public record AddHeader(String name, Template value, boolean always) {

    /** The statuses nginx's headers filter adds headers to when {@code always} is absent. */
    public static boolean appliesTo(int status) {
        return switch (status) {
            case 200, 201, 204, 206, 301, 302, 303, 304, 307, 308 -> true;
            default -> false;
        };
    }
}
