package dev.switchboard.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** One WebSocket frame read from a raw socket (payload unmasked), for tests that check frames byte by byte. */
public record RawFrame(boolean fin, int opcode, boolean masked, byte[] payload) {

    /** Reads one frame; throws EOFException when the stream ends first. */
    public static RawFrame read(InputStream input) throws IOException {
        DataInputStream in = new DataInputStream(input);
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        boolean masked = (b1 & 0x80) != 0;
        byte[] key = new byte[4];
        if (masked) {
            in.readFully(key);
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        return new RawFrame((b0 & 0x80) != 0, b0 & 0x0F, masked, payload);
    }

    /** For a close frame: its status code, or 1005 when it has none. */
    public int closeCode() {
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    /** For a close frame: its reason; otherwise the payload as text. */
    public String text() {
        return opcode == 8 ? new String(payload, 2, Math.max(0, payload.length - 2), StandardCharsets.UTF_8)
                : new String(payload, StandardCharsets.UTF_8);
    }
}
