package dev.switchboard.server;

import dev.switchboard.http.ContentHandler;
import dev.switchboard.http.HttpLocation;

/**
 * Everything that answers a request at one configuration level: the core HTTP settings and the content handler
 * (the proxy, or static files when the level has no content directive).
 */
public record LocationConf(HttpLocation http, ContentHandler content) {
}
