package dev.switchboard.websocket;

/**
 * What one tunnel carried, read on demand from plain fields of its relays (nothing is counted twice per message):
 * bytes and complete messages each way, the close codes that passed each way (0 when none, 1005 for a close frame
 * without a code), and its age.
 */
public record TunnelCounters(long bytesFromClient, long bytesFromBackend, long messagesFromClient,
                             long messagesFromBackend, int clientCloseCode, int backendCloseCode, long ageMillis) {
}
