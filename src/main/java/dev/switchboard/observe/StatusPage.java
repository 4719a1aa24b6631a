package dev.switchboard.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The status page for people: one static HTML file (a resource) whose script polls the JSON twin every second and
 * draws the counts, peer health, a throughput graph of the last five minutes (kept by the page), the close-code
 * breakdown and the longest-lived and busiest connections.
 */
final class StatusPage {

    private static final byte[] HTML = load();

    private StatusPage() {
    }

    static byte[] html() {
        return HTML;
    }

    private static byte[] load() {
        try (InputStream in = StatusPage.class.getResourceAsStream("status.html")) {
            if (in == null) {
                throw new IllegalStateException("status.html missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
