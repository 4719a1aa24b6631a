package dev.switchboard.http;

/**
 * nginx's {@code ngx_escape_uri(NGX_ESCAPE_URI)}: percent-encodes spaces and control characters, '#', '%', '?' and
 * non-ASCII bytes of a decoded path (a Latin-1 string of bytes), leaving everything else as it is. Used for the URI
 * sent upstream and for redirects the proxy builds from {@code $uri}.
 */
public final class UriEscaper {

    private static final boolean[] ESCAPE = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            ESCAPE[c] = c <= 0x20 || c >= 0x7F || c == '#' || c == '%' || c == '?';
        }
    }

    private UriEscaper() {
    }

    /** The path with nginx's escaping applied; the same instance when nothing needs escaping. */
    public static String escape(String uri) {
        StringBuilder sb = null;
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c < 256 && ESCAPE[c]) {
                if (sb == null) {
                    sb = new StringBuilder(uri.length() + 16).append(uri, 0, i);
                }
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? uri : sb.toString();
    }
}
