package dev.switchboard.websocket;

import dev.switchboard.config.model.Settings;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

import java.util.Locale;

/**
 * How an upgraded WebSocket connection is watched: keepalive pings, size limits, and which RSV bits the negotiated
 * extensions allow. Absent (null) for a pure byte tunnel: {@code websocket_inspect off}, or an upgrade to another
 * protocol than WebSocket.
 */
public record WebSocketOptions(long pingIntervalMillis, long pingTimeoutMillis, long maxFrameSize,
                               long maxMessageSize, int allowedRsv) {

    /** The options for an upgrade, or null when the tunnel relays opaque bytes. */
    public static WebSocketOptions of(Settings location, HttpRequest request, HttpResponse response) {
        String upgrade = request.headers().get("Upgrade");
        if (!location.get(WebSocketSettings.INSPECT) || upgrade == null
                || !upgrade.trim().equalsIgnoreCase("websocket")) {
            return null;
        }
        return new WebSocketOptions(location.get(WebSocketSettings.PING_INTERVAL),
                location.get(WebSocketSettings.PING_TIMEOUT), location.get(WebSocketSettings.MAX_FRAME_SIZE),
                location.get(WebSocketSettings.MAX_MESSAGE_SIZE),
                allowedRsv(response.headers().getAll("Sec-WebSocket-Extensions")));
    }

    /** RSV1 for permessage-deflate (RFC 7692); all bits for an extension the proxy does not know. */
    static int allowedRsv(java.util.List<String> extensionHeaders) {
        int rsv = 0;
        for (String header : extensionHeaders) {
            for (String extension : header.split(",")) {
                String name = extension.split(";")[0].trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                rsv |= name.equals("permessage-deflate") ? 0x40 : 0x70;
            }
        }
        return rsv;
    }
}
