package dev.switchboard.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Expands the argument of {@code include} as nginx's {@code ngx_conf_include} does with glob(3): a path
 * containing {@code *}, {@code ?} or {@code [} is a pattern, its matches are read in name order, and a
 * pattern matching nothing is not an error. Wildcards may appear in any path component; as in glob(3), a
 * wildcard never matches a leading dot, and a backslash makes the next pattern character literal.
 */
final class IncludeResolver {

    private IncludeResolver() {
    }

    /** True when {@code path} is a glob pattern rather than a plain file name. */
    static boolean isPattern(String path) {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
    }

    /**
     * Existing paths matching {@code pattern}, sorted by name.
     *
     * @param base    where a relative pattern starts (nginx's conf prefix); only the pattern's own
     *                components are matched, so wildcard characters in {@code base} are taken literally
     * @param pattern the include argument
     */
    static List<Path> expand(Path base, String pattern) {
        Path pat = Path.of(pattern);
        List<Path> current = new ArrayList<>();
        current.add(pat.isAbsolute() ? pat.getRoot() : base);
        for (Path part : pat) {
            String component = part.toString();
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (isPattern(component)) {
                    addMatches(dir, component, next);
                } else {
                    next.add(dir.resolve(component));
                }
            }
            current = next;
        }
        current.removeIf(p -> !Files.exists(p));
        current.sort(Comparator.comparing(Path::toString));
        return current;
    }

    private static void addMatches(Path dir, String component, List<Path> into) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (matches(component, entry.getFileName().toString())) {
                    into.add(entry);
                }
            }
        } catch (IOException e) {
            // glob(3) without GLOB_ERR skips directories it cannot read; so does nginx.
        }
    }

    /** fnmatch(3) of one path component, with glob(3)'s rule that a leading dot must be matched literally. */
    static boolean matches(String pattern, String name) {
        if (name.startsWith(".") && !pattern.startsWith(".") && !pattern.startsWith("\\.")) {
            return false;
        }
        int p = 0;
        int n = 0;
        int starP = -1;
        int starN = 0;
        while (n < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = ++p;
                starN = n;
                continue;
            }
            int after = p < pattern.length() ? matchOne(pattern, p, name.charAt(n)) : -1;
            if (after >= 0) {
                p = after;
                n++;
            } else if (starP >= 0) {
                // Let the last '*' swallow one more character and retry from there.
                p = starP;
                n = ++starN;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Where the pattern continues if its element at {@code p} matches {@code ch}, else -1. */
    private static int matchOne(String pattern, int p, char ch) {
        char c = pattern.charAt(p);
        if (c == '?') {
            return p + 1;
        }
        if (c == '[') {
            int end = bracketEnd(pattern, p);
            if (end >= 0) {
                return bracketMatches(pattern, p + 1, end, ch) ? end + 1 : -1;
            }
            // An unclosed '[' is an ordinary character.
        }
        if (c == '\\' && p + 1 < pattern.length()) {
            return pattern.charAt(p + 1) == ch ? p + 2 : -1;
        }
        return c == ch ? p + 1 : -1;
    }

    /** Index of the ']' closing the bracket expression opened at {@code open}, or -1. */
    private static int bracketEnd(String pattern, int open) {
        int i = open + 1;
        if (i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^')) {
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            i++; // a ']' first in the set is a member, not the end
        }
        while (i < pattern.length() && pattern.charAt(i) != ']') {
            if (pattern.charAt(i) == '\\') {
                i++;
            }
            i++;
        }
        return i < pattern.length() ? i : -1;
    }

    private static boolean bracketMatches(String pattern, int from, int end, char ch) {
        int i = from;
        boolean negate = pattern.charAt(i) == '!' || pattern.charAt(i) == '^';
        if (negate) {
            i++;
        }
        boolean found = false;
        while (i < end) {
            char lo = pattern.charAt(i);
            if (lo == '\\' && i + 1 < end) {
                lo = pattern.charAt(++i);
            }
            i++;
            char hi = lo;
            if (i + 1 < end && pattern.charAt(i) == '-') {
                hi = pattern.charAt(i + 1);
                if (hi == '\\' && i + 2 < end) {
                    hi = pattern.charAt(i + 2);
                    i++;
                }
                i += 2;
            }
            if (lo <= ch && ch <= hi) {
                found = true;
            }
        }
        return found != negate;
    }
}
