package dev.switchboard.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression written for nginx (PCRE syntax), compiled once for {@link java.util.regex}.
 * Named groups are rewritten to plain groups and remembered by number, because PCRE allows forms and names that Java
 * does not ({@code (?P<name>...)}, {@code (?'name'...)}, underscores in names); POSIX classes such as
 * {@code [[:alpha:]]} and literal {@code [} or {@code &} inside a class are translated too. Like PCRE, a match is a
 * search anywhere in the subject ({@link Matcher#find()}), not a whole-string match.
 */
public final class NginxRegex {

    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alnum", "Alnum"), Map.entry("alpha", "Alpha"), Map.entry("ascii", "ASCII"),
            Map.entry("blank", "Blank"), Map.entry("cntrl", "Cntrl"), Map.entry("digit", "Digit"),
            Map.entry("graph", "Graph"), Map.entry("lower", "Lower"), Map.entry("print", "Print"),
            Map.entry("punct", "Punct"), Map.entry("space", "Space"), Map.entry("upper", "Upper"),
            Map.entry("word", "Alnum_"), Map.entry("xdigit", "XDigit"));

    private final String source;
    private final Pattern pattern;
    private final Map<String, Integer> names;

    private NginxRegex(String source, Pattern pattern, Map<String, Integer> names) {
        this.source = source;
        this.pattern = pattern;
        this.names = names;
    }

    /**
     * Compiles {@code source}.
     *
     * @param caseless nginx's {@code ~*} (ASCII case folding, as PCRE without UTF mode)
     * @throws PatternSyntaxException when the expression is invalid
     */
    public static NginxRegex compile(String source, boolean caseless) {
        Map<String, Integer> names = new LinkedHashMap<>();
        String translated = translate(source, names);
        Pattern pattern = Pattern.compile(translated, caseless ? Pattern.CASE_INSENSITIVE : 0);
        return new NginxRegex(source, pattern, Map.copyOf(names));
    }

    /** The expression as written in the configuration. */
    public String source() {
        return source;
    }

    /** Named groups and their numbers. */
    public Map<String, Integer> names() {
        return names;
    }

    /** A matcher to keep and {@link Matcher#reset(CharSequence) reset} per subject, so matching does not allocate. */
    public Matcher newMatcher() {
        return pattern.matcher("");
    }

    /** Whether {@code subject} contains a match; convenient where allocation does not matter (tests, config time). */
    public RegexCaptures find(CharSequence subject) {
        Matcher m = pattern.matcher(subject);
        return m.find() ? captures(m) : null;
    }

    /** The captures of the successful match {@code m} of this regex. */
    public RegexCaptures captures(Matcher m) {
        String[] groups = new String[m.groupCount() + 1];
        for (int i = 0; i < groups.length; i++) {
            String g = m.group(i);
            groups[i] = g == null ? "" : g;
        }
        return new RegexCaptures(groups, names);
    }

    @Override
    public String toString() {
        return source;
    }

    private static String translate(String s, Map<String, Integer> names) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        int groups = 0;
        boolean inClass = false;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 < n && s.charAt(i + 1) == 'Q') {
                    int end = s.indexOf("\\E", i + 2);
                    int stop = end < 0 ? n : end + 2;
                    out.append(s, i, stop);
                    i = stop;
                } else if (!inClass && i + 2 < n && s.charAt(i + 1) == 'k' && "<{'".indexOf(s.charAt(i + 2)) >= 0) {
                    char close = s.charAt(i + 2) == '<' ? '>' : s.charAt(i + 2) == '{' ? '}' : '\'';
                    int end = s.indexOf(close, i + 3);
                    if (end < 0) {
                        throw new PatternSyntaxException("unterminated group name", s, i);
                    }
                    appendBackReference(out, names, s.substring(i + 3, end), s, i);
                    i = end + 1;
                } else {
                    out.append(s, i, Math.min(i + 2, n));
                    i += 2;
                }
            } else if (inClass) {
                i = translateClassChar(s, i, out);
                if (c == ']') {
                    inClass = false;
                }
            } else if (c == '[') {
                inClass = true;
                out.append('[');
                i++;
                if (i < n && s.charAt(i) == '^') {
                    out.append('^');
                    i++;
                }
                if (i < n && s.charAt(i) == ']') {
                    // PCRE takes a ']' right after '[' or '[^' literally; Java would not
                    out.append("\\]");
                    i++;
                }
            } else if (c == '(') {
                int nameStart = namedGroupNameStart(s, i);
                if (nameStart > 0) {
                    char close = s.charAt(nameStart - 1) == '\'' ? '\'' : '>';
                    int end = s.indexOf(close, nameStart);
                    if (end < 0) {
                        throw new PatternSyntaxException("unterminated group name", s, i);
                    }
                    String name = s.substring(nameStart, end);
                    groups++;
                    if (names.putIfAbsent(name, groups) != null) {
                        throw new PatternSyntaxException("two named groups have the same name", s, i);
                    }
                    out.append('(');
                    i = end + 1;
                } else if (s.startsWith("(?P=", i)) {
                    int end = s.indexOf(')', i);
                    if (end < 0) {
                        throw new PatternSyntaxException("unterminated group name", s, i);
                    }
                    appendBackReference(out, names, s.substring(i + 4, end), s, i);
                    i = end + 1;
                } else if (s.startsWith("(?#", i)) {
                    int end = s.indexOf(')', i);
                    i = end < 0 ? n : end + 1;
                } else {
                    if (i + 1 >= n || (s.charAt(i + 1) != '?' && s.charAt(i + 1) != '*')) {
                        groups++;
                    }
                    out.append('(');
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Where the name starts if {@code (} at {@code i} opens a named group in any PCRE spelling, else -1. */
    private static int namedGroupNameStart(String s, int i) {
        if (s.startsWith("(?P<", i)) {
            return i + 4;
        }
        if (s.startsWith("(?'", i)) {
            return i + 3;
        }
        if (s.startsWith("(?<", i) && i + 3 < s.length() && s.charAt(i + 3) != '=' && s.charAt(i + 3) != '!') {
            return i + 3;
        }
        return -1;
    }

    private static int translateClassChar(String s, int i, StringBuilder out) {
        char c = s.charAt(i);
        if (c == '[' && s.startsWith("[:", i)) {
            int end = s.indexOf(":]", i + 2);
            if (end > 0) {
                String name = s.substring(i + 2, end);
                boolean negated = name.startsWith("^");
                String java = POSIX_CLASSES.get(negated ? name.substring(1) : name);
                if (java != null) {
                    out.append(java.equals("Alnum_") ? (negated ? "\\W" : "\\w")
                            : (negated ? "\\P{" : "\\p{") + java + "}");
                    return end + 2;
                }
            }
        }
        if (c == '[' || c == '&') {
            // literal in PCRE; union and intersection operators in Java
            out.append('\\');
        }
        out.append(c);
        return i + 1;
    }

    private static void appendBackReference(StringBuilder out, Map<String, Integer> names, String name, String s,
            int at) {
        Integer group = names.get(name);
        if (group == null) {
            throw new PatternSyntaxException("reference to non-existent group \"" + name + "\"", s, at);
        }
        // the non-capturing wrapper stops a following digit from extending the group number
        out.append("(?:\\").append(group).append(')');
    }
}
