package dev.switchboard.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns the path of a request target into nginx's {@code $uri}: percent-decoded, with {@code //} merged
 * ({@code merge_slashes on}) and {@code .} / {@code ..} segments resolved. Returns null for a path nginx answers
 * with 400: one that climbs above the root, contains a decoded NUL, or has a bad escape.
 * The result is a Latin-1 string of the decoded bytes, as all request text is here.
 */
public final class UriNormalizer {

    private UriNormalizer() {
    }

    public static String normalize(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return null;
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length()) {
                    return null;
                }
                int hi = Character.digit(rawPath.charAt(i + 1), 16);
                int lo = Character.digit(rawPath.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                int b = hi * 16 + lo;
                if (b == 0) {
                    return null;
                }
                decoded.write(b);
                i += 2;
            } else {
                decoded.write(c & 0xFF);
            }
        }
        String path = decoded.toString(StandardCharsets.ISO_8859_1);
        return resolveSegments(path);
    }

    private static String resolveSegments(String path) {
        StringBuilder out = new StringBuilder(path.length());
        int i = 0;
        int n = path.length();
        while (i < n) {
            // path.charAt(i) == '/' here
            int j = i + 1;
            while (j < n && path.charAt(j) == '/') {
                j++;
            }
            int end = path.indexOf('/', j);
            if (end < 0) {
                end = n;
            }
            String segment = path.substring(j, end);
            boolean last = end == n;
            if (segment.equals(".")) {
                if (last) {
                    out.append('/');
                }
            } else if (segment.equals("..")) {
                int cut = out.lastIndexOf("/");
                if (cut < 0) {
                    return null;
                }
                out.setLength(cut);
                if (last) {
                    out.append('/');
                }
            } else {
                out.append('/').append(segment);
            }
            i = end;
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}
