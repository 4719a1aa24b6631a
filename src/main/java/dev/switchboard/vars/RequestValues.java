package dev.switchboard.vars;

import java.util.List;

/**
 * Values nginx derives from raw request data: joined header lines, one cookie, one query argument, the
 * normalized host. Each method follows the nginx function it names, so edge cases match byte for byte.
 */
final class RequestValues {

    private RequestValues() {
    }

    /**
     * All lines of one header joined as nginx 1.23+ does for {@code $http_*}: with "; " for Cookie and ", " for
     * every other header; null when the header is absent.
     */
    static String joined(List<String> values, String separator) {
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() == 1) {
            return values.get(0);
        }
        return String.join(separator, values);
    }

    /**
     * The value of cookie {@code lowerName} as {@code ngx_http_parse_multi_header_lines} finds it: the name is
     * matched case-insensitively at the start of a pair (pairs split by ';' or ','), spaces around '=' are skipped,
     * and the value runs to the next ';' (trailing spaces kept). Null if absent.
     */
    static String cookie(List<String> cookieLines, String lowerName) {
        for (String line : cookieLines) {
            int end = line.length();
            int start = 0;
            while (start < end) {
                if (Ascii.regionMatches(line, start, lowerName)) {
                    int p = start + lowerName.length();
                    while (p < end && line.charAt(p) == ' ') {
                        p++;
                    }
                    if (p < end && line.charAt(p) == '=') {
                        p++;
                        while (p < end && line.charAt(p) == ' ') {
                            p++;
                        }
                        int last = line.indexOf(';', p);
                        return line.substring(p, last < 0 ? end : last);
                    }
                    start = p;
                }
                while (start < end) {
                    char c = line.charAt(start++);
                    if (c == ';' || c == ',') {
                        break;
                    }
                }
                while (start < end && line.charAt(start) == ' ') {
                    start++;
                }
            }
        }
        return null;
    }

    /**
     * The raw (not percent-decoded) value of query argument {@code lowerName}, as {@code ngx_http_arg}: the first
     * pair whose name matches case-insensitively and is followed by '='; "a" in "?a&b=1" has no value and is absent.
     */
    static String arg(String args, String lowerName) {
        if (args == null || args.isEmpty() || lowerName.isEmpty()) {
            return null;
        }
        int start = 0;
        while (start < args.length()) {
            int next = args.indexOf('&', start);
            int end = next < 0 ? args.length() : next;
            int equals = start + lowerName.length();
            if (equals < end && args.charAt(equals) == '=' && Ascii.regionMatches(args, start, lowerName)) {
                return args.substring(equals + 1, end);
            }
            if (next < 0) {
                break;
            }
            start = next + 1;
        }
        return null;
    }

    /**
     * The host part of an absolute request target ({@code http://Example.com:8080/x}), or null when the target is
     * in origin form.
     */
    static String absoluteUriHost(String target) {
        if (target == null || target.isEmpty() || target.charAt(0) == '/') {
            return null;
        }
        int scheme = target.indexOf("://");
        if (scheme <= 0) {
            return null;
        }
        int start = scheme + 3;
        int end = start;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        return target.substring(start, end);
    }

    /** The target with scheme and authority removed, as nginx's $request_uri for an absolute request target. */
    static String originForm(String target) {
        if (absoluteUriHost(target) == null) {
            return target;
        }
        int start = target.indexOf("://") + 3;
        int path = start;
        while (path < target.length() && "/?#".indexOf(target.charAt(path)) < 0) {
            path++;
        }
        return path == target.length() ? "/" : target.substring(path);
    }

    /**
     * A host as {@code ngx_http_validate_host} leaves it: port removed (an IPv6 literal keeps its brackets),
     * one trailing dot removed, ASCII lowercased. Null for what nginx would reject (empty, "..", '/', '\\',
     * control characters), so $host falls back to the server name.
     */
    static String normalizeHost(String host) {
        if (host == null) {
            return null;
        }
        int hostLength = host.length();
        int dot = -2;
        boolean literal = false;
        boolean rest = false;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            switch (c) {
                case '.' -> {
                    if (dot == i - 1) {
                        return null;
                    }
                    dot = i;
                }
                case ':' -> {
                    if (!rest && !literal) {
                        hostLength = i;
                        rest = true;
                    }
                }
                case '[' -> literal |= i == 0;
                case ']' -> {
                    if (literal && !rest) {
                        hostLength = i + 1;
                        rest = true;
                    }
                }
                default -> {
                    if (c == '/' || c == '\\' || c <= 0x20 || c == 0x7f) {
                        return null;
                    }
                }
            }
        }
        if (dot == hostLength - 1) {
            hostLength--;
        }
        if (hostLength <= 0) {
            return null;
        }
        return Ascii.lower(host.substring(0, hostLength));
    }
}
