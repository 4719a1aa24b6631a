package dev.switchboard.upstream.health;

import java.util.ArrayList;
import java.util.List;

/**
 * The response statuses an HTTP health check accepts, written {@code status=200-399} or {@code status=200,204,301-302};
 * a leading {@code !} accepts every status except those listed ({@code status=!500-599}), as the {@code status}
 * test of nginx Plus's {@code match} block.
 *
 * @param ranges  inclusive {@code [from, to]} pairs
 * @param negated whether the list names the statuses that fail
 */
public record StatusRanges(List<int[]> ranges, boolean negated) {

    /** nginx Plus's default: 2xx and 3xx pass. */
    public static final StatusRanges DEFAULT = new StatusRanges(List.<int[]>of(new int[] {200, 399}), false);

    public StatusRanges {
        ranges = List.copyOf(ranges);
    }

    /**
     * Parses the text after {@code status=}.
     *
     * @throws IllegalArgumentException if a code is not three digits (100-599) or a range is reversed
     */
    public static StatusRanges parse(String text) {
        boolean negated = text.startsWith("!");
        String list = negated ? text.substring(1) : text;
        List<int[]> out = new ArrayList<>();
        for (String part : list.split(",", -1)) {
            int dash = part.indexOf('-');
            int from = code(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : code(part.substring(dash + 1));
            if (to < from) {
                throw new IllegalArgumentException("reversed range \"" + part + "\"");
            }
            out.add(new int[] {from, to});
        }
        return new StatusRanges(out, negated);
    }

    private static int code(String s) {
        if (s.length() != 3 || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("invalid status \"" + s + "\"");
        }
        int code = Integer.parseInt(s);
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("invalid status \"" + s + "\"");
        }
        return code;
    }

    /** Whether a response with this status passes. */
    public boolean accepts(int status) {
        for (int[] r : ranges) {
            if (status >= r[0] && status <= r[1]) {
                return !negated;
            }
        }
        return negated;
    }
}
