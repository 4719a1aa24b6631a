package dev.switchboard.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Text as nginx handles it: bytes. Configuration files are read one char per byte (Latin-1), like request lines and
 * headers, so a non-ASCII {@code location /café} matches the request {@code /caf%C3%A9} byte for byte, and a
 * header or body literal goes out with the file's own bytes, as nginx sends them. Where text leaves the byte
 * world — a file name, a message for a person — it is decoded as UTF-8 when it is valid UTF-8.
 */
public final class RawText {

    private RawText() {
    }

    /** The raw (one char per byte) form of ordinary text, e.g. a {@code -g} argument: its UTF-8 bytes. */
    public static String fromUnicode(String text) {
        return isAscii(text) ? text : new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /**
     * Raw text as ordinary text: its bytes decoded as UTF-8 when they are valid UTF-8, otherwise unchanged (so
     * nothing is lost, and text that is not raw, having chars beyond one byte, passes as it is).
     */
    public static String toUnicode(String raw) {
        if (raw == null || isAscii(raw)) {
            return raw;
        }
        byte[] bytes = new byte[raw.length()];
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c > 0xFF) {
                return raw;
            }
            bytes[i] = (byte) c;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return raw;
        }
    }

    /** The file a raw path names (a path from the configuration, or a request's URI under a root). */
    public static Path path(String raw) {
        return Path.of(toUnicode(raw));
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
