package dev.switchboard.config;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean ...?" hints: the known name nearest to a mistyped one, by Damerau-Levenshtein distance
 * (optimal string alignment: insertions, deletions, substitutions and swaps of neighbours each cost 1),
 * compared without regard to letter case.
 */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * The candidate nearest to {@code word}, or null when none is within {@code max(1, word.length() / 3)}
     * edits: far enough to catch typos, near enough not to suggest an unrelated name. Ties go to the
     * alphabetically first candidate, so the hint does not depend on collection order.
     */
    public static String closest(String word, Collection<String> candidates) {
        if (word == null || word.isEmpty() || candidates == null) {
            return null;
        }
        int threshold = Math.max(1, word.length() / 3);
        String lowered = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (candidate == null || Math.abs(candidate.length() - word.length()) > threshold) {
                continue;
            }
            int d = distance(lowered, candidate.toLowerCase(Locale.ROOT));
            if (d <= threshold && (d < bestDistance || d == bestDistance && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Optimal-string-alignment distance between {@code a} and {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
