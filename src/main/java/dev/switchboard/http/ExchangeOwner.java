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

    /**
     * The response was the last on this connection: close it without losing the response to a TCP reset, by
     * shutting down output and discarding what the client still sends for a while (nginx's lingering close).
     */
    void closeAfterResponse();

    /** Asks the connection for the next piece of request body. */
    void readBody();
}
