package dev.switchboard.vars;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What variables read from one request being processed. The HTTP layer implements it;
 * {@link Variable}s and {@link Template}s only read through it (and write `set` values into {@link #variables()}).
 * Header values are Latin-1 strings carrying the raw bytes received.
 */
public interface RequestContext {

    /** {@code $request_method}, e.g. GET. */
    String method();

    /** {@code $request_uri}: the request target exactly as received (path and query). */
    String requestUri();

    /** {@code $uri}: the normalized, percent-decoded path without the query. */
    String uri();

    /** {@code $args}: the query string without '?', or null if the request has none. */
    String args();

    /** {@code $server_protocol}, e.g. HTTP/1.1. */
    String protocol();

    /** The first value of a request header (name case-insensitive), or null. */
    String header(String name);

    /** All values of a request header, in order; empty if absent. */
    List<String> headers(String name);

    /** The client's address as seen on the connection. */
    InetSocketAddress remoteAddress();

    /** The local address the connection was accepted on. */
    InetSocketAddress localAddress();

    /** "http" or "https". */
    String scheme();

    /** {@code $server_name}: the first name of the server block that took the request. */
    String serverName();

    /** {@code $connection}: serial number of the client connection. */
    long connectionId();

    /** {@code $request_id}: 32 hex digits, made once per request. */
    String requestId();

    /**
     * A fact a module keeps about the client connection (the TLS session for the {@code $ssl_*} variables),
     * or null when the connection has none of that type.
     */
    default <T> T connectionFact(Class<T> type) {
        return null;
    }

    /** Per-request storage for `set` variables, module-owned values and regex captures. */
    VariableStore variables();
}
