package dev.switchboard.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * How connection attempts ended, counted by kind: {@code upgraded}, {@code http NNN} (any other answer), {@code
 * closed} (the proxy closed without answering), {@code reset}, {@code no answer} (nothing within the answer
 * timeout), {@code connect refused}, {@code connect timeout}, {@code error} (anything else). Thread-safe.
 */
final class Outcomes {

    static final String UPGRADED = "upgraded";

    private final Map<String, Integer> counts = new TreeMap<>();

    synchronized void add(String kind) {
        counts.merge(kind, 1, Integer::sum);
    }

    synchronized int get(String kind) {
        return counts.getOrDefault(kind, 0);
    }

    synchronized int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** All attempts that did not upgrade. */
    synchronized int refused() {
        return total() - get(UPGRADED);
    }

    /** The counts as a JSON object, kinds sorted. */
    synchronized String json() {
        StringBuilder out = new StringBuilder("{");
        counts.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return out.append('}').toString();
    }

    /** The kind of a connect failure or of an exception on an open connection. */
    static String kindOf(Throwable cause, boolean connecting) {
        String text = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (cause instanceof io.netty.channel.ConnectTimeoutException) {
            return "connect timeout";
        }
        if (text.contains("refused")) {
            return "connect refused";
        }
        if (text.contains("reset")) {
            return "reset";
        }
        return connecting ? "connect error" : "error";
    }
}
