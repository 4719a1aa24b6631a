package dev.switchboard.routing;

/**
 * Validates and normalizes a Host header (or absolute-URI host) value as nginx's ngx_http_validate_host does:
 * the port is cut off, one trailing dot removed, ASCII letters lowercased, and an IPv6 literal kept with its
 * brackets. Two dots in a row, a slash or a NUL anywhere (the port part included), or an empty result make the value
 * invalid, which nginx answers with 400. Like nginx, a leading dot is accepted.
 */
public final class HostNormalizer {

    private HostNormalizer() {
    }

    /** The normalized host, or null when nginx would reject the value. */
    public static String normalize(String value) {
        int length = value.length();
        int hostEnd = length;
        int lastDot = -2;
        boolean inLiteral = false;
        boolean afterHost = false;
        boolean upper = false;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '.' -> {
                    if (lastDot == i - 1) {
                        return null;
                    }
                    lastDot = i;
                }
                case ':' -> {
                    if (!inLiteral && !afterHost) {
                        hostEnd = i;
                        afterHost = true;
                    }
                }
                case '[' -> inLiteral |= i == 0;
                case ']' -> {
                    if (inLiteral) {
                        hostEnd = i + 1;
                        inLiteral = false;
                        afterHost = true;
                    }
                }
                case '\0', '/' -> {
                    return null;
                }
                default -> upper |= c >= 'A' && c <= 'Z';
            }
        }
        if (lastDot == hostEnd - 1) {
            hostEnd--;
        }
        if (hostEnd == 0) {
            return null;
        }
        String host = hostEnd == length ? value : value.substring(0, hostEnd);
        return upper ? lowerAscii(host) : host;
    }

    private static String lowerAscii(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= 'A' && c <= 'Z') {
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return new String(chars);
    }
}
