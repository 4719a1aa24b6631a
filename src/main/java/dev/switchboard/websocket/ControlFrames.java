package dev.switchboard.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Encodes the control frames the proxy originates (RFC 6455 §5.5): unmasked toward a client, masked toward a backend
 * (the proxy is the backend's client, §5.3).
 */
final class ControlFrames {

    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private ControlFrames() {
    }

    static ByteBuf frame(ByteBufAllocator alloc, int opcode, byte[] payload, boolean masked) {
        ByteBuf out = alloc.buffer(2 + (masked ? 4 : 0) + payload.length);
        out.writeByte(0x80 | opcode);
        out.writeByte((masked ? 0x80 : 0) | payload.length);
        if (!masked) {
            return out.writeBytes(payload);
        }
        int key = ThreadLocalRandom.current().nextInt();
        out.writeInt(key);
        for (int i = 0; i < payload.length; i++) {
            out.writeByte(payload[i] ^ (key >>> (24 - 8 * (i & 3))));
        }
        return out;
    }

    /** A close frame with a code and a reason cut to fit the 125-byte control payload. */
    static ByteBuf close(ByteBufAllocator alloc, int code, String reason, boolean masked) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, 123);
        byte[] payload = new byte[2 + length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, length);
        return frame(alloc, CLOSE, payload, masked);
    }

    /** The status code of a close frame's unmasked payload, or 1005 (none given). */
    static int closeCode(ByteBuf payload) {
        return payload.readableBytes() >= 2 ? payload.getUnsignedShort(payload.readerIndex()) : 1005;
    }
}
