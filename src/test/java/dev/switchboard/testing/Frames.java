package dev.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds raw RFC 6455 frames for tests, masked (client) or not (server), including invalid ones. */
public final class Frames {

    private Frames() {
    }

    public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        return frame(fin, rsv, opcode, payload, masked, payload.length);
    }

    /** A frame whose length field says {@code declaredLength} (for oversize headers). */
    public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked, long declaredLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (declaredLength >= 0 && declaredLength < 126) {
            out.write(maskBit | (int) declaredLength);
        } else if (declaredLength >= 0 && declaredLength <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write((int) (declaredLength >> 8));
            out.write((int) declaredLength);
        } else {
            out.write(maskBit | 127);
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (declaredLength >> s));
            }
        }
        byte[] key = {0x11, 0x22, 0x33, 0x44};
        if (masked) {
            out.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return out.toByteArray();
    }

    public static byte[] text(String s, boolean masked) {
        return frame(true, 0, 1, s.getBytes(StandardCharsets.UTF_8), masked);
    }

    public static byte[] close(int code, String reason, boolean masked) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return frame(true, 0, 8, p, masked);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Unmasks a server-bound frame's payload in place for reading (header of 2/4/10 bytes + 4 key bytes). */
    public static String unmaskedText(byte[] frame) {
        int len = frame[1] & 0x7F;
        int off = 2 + (len == 126 ? 2 : len == 127 ? 8 : 0);
        boolean masked = (frame[1] & 0x80) != 0;
        byte[] key = masked ? new byte[]{frame[off], frame[off + 1], frame[off + 2], frame[off + 3]} : null;
        off += masked ? 4 : 0;
        byte[] p = new byte[frame.length - off];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (masked ? frame[off + i] ^ key[i & 3] : frame[off + i]);
        }
        return new String(p, StandardCharsets.UTF_8);
    }
}
