package dev.switchboard.bench;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** RFC 6455 §5.2 frame encoding for the load generator (masked, client to server) and the echo backend (unmasked). */
final class WsFrames {

    static final int OP_CONT = 0;
    static final int OP_TEXT = 1;
    static final int OP_BINARY = 2;
    static final int OP_CLOSE = 8;
    static final int OP_PING = 9;
    static final int OP_PONG = 10;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WsFrames() {
    }

    /** Bytes of a header for {@code length} payload bytes (mask key included when masked). */
    static int headerSize(long length, boolean masked) {
        int size = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        return masked ? size + 4 : size;
    }

    /** Writes FIN + opcode, the mask bit and the length in its shortest form (§5.2: the minimal encoding). */
    static void writeHeader(ByteBuf out, int opcode, long length, boolean masked) {
        out.writeByte(0x80 | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (length < 126) {
            out.writeByte(maskBit | (int) length);
        } else if (length <= 0xFFFF) {
            out.writeByte(maskBit | 126);
            out.writeShort((int) length);
        } else {
            out.writeByte(maskBit | 127);
            out.writeLong(length);
        }
    }

    /** The byte of a 32-bit mask key that applies to payload offset {@code k} (§5.3: key octet k mod 4). */
    static int maskByte(int key, long k) {
        return (key >>> (24 - 8 * (int) (k & 3))) & 0xFF;
    }

    /**
     * Writes a masked binary frame of {@code size} bytes (at least 8) whose payload is {@code timestamp}
     * (big-endian) followed by zeros. Zeros masked are the key itself repeated, so the payload costs a few long
     * writes however large it is, while every frame still gets its own mask key.
     */
    static void writeTimestamped(ByteBuf out, int size, long timestamp, int maskKey) {
        if (size < 8) {
            throw new IllegalArgumentException("message size must be at least 8 bytes (the timestamp)");
        }
        writeHeader(out, OP_BINARY, size, true);
        out.writeInt(maskKey);
        long mask64 = ((maskKey & 0xFFFFFFFFL) << 32) | (maskKey & 0xFFFFFFFFL);
        out.writeLong(timestamp ^ mask64);
        int rest = size - 8;
        while (rest >= 8) {
            out.writeLong(mask64);
            rest -= 8;
        }
        for (int k = 0; k < rest; k++) {
            out.writeByte(maskByte(maskKey, k));
        }
    }

    /** Writes a whole frame around {@code payload} (masked with {@code maskKey} when masked). */
    static void writeFrame(ByteBuf out, int opcode, byte[] payload, boolean masked, int maskKey) {
        writeHeader(out, opcode, payload.length, masked);
        if (masked) {
            out.writeInt(maskKey);
        }
        for (int k = 0; k < payload.length; k++) {
            out.writeByte(payload[k] ^ (masked ? maskByte(maskKey, k) : 0));
        }
    }

    /** Sec-WebSocket-Accept for a key (§4.2.2). */
    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
