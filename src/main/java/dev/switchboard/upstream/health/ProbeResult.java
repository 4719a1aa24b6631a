package dev.switchboard.upstream.health;

/**
 * The outcome of one health check of one peer.
 *
 * @param passed whether the peer passed
 * @param reason why it failed ("status 500", "timed out after 200ms", ...), or {@code null} when it passed
 */
public record ProbeResult(boolean passed, String reason) {

    static final ProbeResult PASSED = new ProbeResult(true, null);

    static ProbeResult failed(String reason) {
        return new ProbeResult(false, reason);
    }
}
