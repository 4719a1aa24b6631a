package dev.switchboard.access;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The user and password of an {@code Authorization: Basic} header (RFC 7617). */
record BasicCredentials(String user, String password) {

    static BasicCredentials parse(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int colon = text.indexOf(':');
        if (colon < 0) {
            return null;
        }
        return new BasicCredentials(text.substring(0, colon), text.substring(colon + 1));
    }
}
