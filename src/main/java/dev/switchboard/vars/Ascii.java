package dev.switchboard.vars;

/**
 * ASCII-only case folding, as nginx's {@code ngx_tolower}: header bytes arrive as Latin-1 chars, and
 * {@link String#toLowerCase} would also fold letters such as 'À' that nginx leaves alone.
 */
final class Ascii {

    private Ascii() {
    }

    /** The string with A-Z lowered; the same instance when nothing changes (the common case). */
    static String lower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    chars[j] = lower(chars[j]);
                }
                return new String(chars);
            }
        }
        return s;
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c;
    }

    /** Whether {@code s} holds {@code lowerName} at {@code offset}, ignoring ASCII case; lowerName is lowercase. */
    static boolean regionMatches(String s, int offset, String lowerName) {
        if (offset < 0 || offset + lowerName.length() > s.length()) {
            return false;
        }
        for (int i = 0; i < lowerName.length(); i++) {
            if (lower(s.charAt(offset + i)) != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
