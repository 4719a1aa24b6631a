package dev.switchboard.http;

/**
 * The client connection's side of an exchange: told when the response is complete, asked for internal
 * redirects ({@code error_page}, {@code index}), and handed the channel when the connection is upgraded.
 */
public interface ExchangeOwner {

    /** The response has been written entirely; {@code reusable} says if the connection may serve another request. */
    void responseFinished(Exchange exchange, boolean reusable);

    /** Re-runs location matching and content for a new URI on the same request. */
    void internalRedirect(Exchange exchange, String uri);

    /** Runs the named location ({@code @name}) for the request. Returns false if it does not exist. */
    boolean namedRedirect(Exchange exchange, String name);

    /** The connection left HTTP (101 Switching Protocols): the owner removes its HTTP handlers. */
    void upgraded(Exchange exchange);

    /** Asks the connection for the next piece of request body. */
    void readBody();
}
