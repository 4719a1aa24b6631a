package dev.switchboard.http;

/**
 * Produces the response for a request whose location has been chosen: the proxy, static files.
 * Called on the client connection's event loop once the request head is in; it must eventually finish the exchange.
 */
public interface ContentHandler {

    void handle(Exchange exchange);
}
