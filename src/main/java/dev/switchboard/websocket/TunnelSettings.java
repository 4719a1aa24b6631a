package dev.switchboard.websocket;

/**
 * The timeouts an upgraded connection runs under, taken from the location as nginx does:
 * {@code proxy_read_timeout} closes the pair after that long with no data in either direction (nginx re-arms its
 * upstream read timer on every event of the upgraded pair); {@code proxy_send_timeout} and {@code send_timeout}
 * close it when writing to the backend or the client has been blocked that long. {@code webSocket} is null for an
 * opaque byte tunnel. {@code connectionId} is the client connection's {@code $connection}, which starts every log
 * line of the tunnel (as nginx's {@code *N}) so one client's story can be followed.
 */
public record TunnelSettings(long idleTimeoutMillis, long upstreamSendTimeoutMillis, long clientSendTimeoutMillis,
                             WebSocketOptions webSocket, long connectionId) {

    /** Whether frames are followed ({@code webSocket} present) or bytes relayed opaquely. */
    public boolean inspects() {
        return webSocket != null;
    }
}
