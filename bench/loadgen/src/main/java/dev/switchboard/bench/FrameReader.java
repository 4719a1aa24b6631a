package dev.switchboard.bench;

import io.netty.buffer.ByteBuf;

/**
 * Follows frames in a byte stream across any segmentation without copying payloads. It reads the first 8 payload
 * bytes of each frame (the sender's timestamp) and unmasks a masked payload in place when asked to (the echo
 * backend does, to send it back unmasked).
 */
final class FrameReader {

    /** Receives each frame as it ends, and (for the echo backend) the payload pieces as they pass. */
    interface Listener {
        /** A payload piece, already unmasked, a slice of the read buffer (not retained). */
        default void payload(ByteBuf piece) {
        }

        /** The frame's header was read. */
        default void header(int opcode, boolean fin, long length) {
        }

        /** The frame ended; {@code timestamp} is its first 8 payload bytes, or -1 if shorter. */
        void frameEnded(int opcode, long timestamp, long length);
    }

    private final boolean unmask;
    private final byte[] header = new byte[14];
    private int headerLength;
    private int headerNeeded = 2;
    private boolean inPayload;
    private int opcode;
    private boolean masked;
    private int maskKey;
    private long length;
    private long position;
    private long timestamp;
    private int timestampBytes;

    /** @param unmask whether payload pieces handed to the listener are unmasked (in place) first */
    FrameReader(boolean unmask) {
        this.unmask = unmask;
    }

    void read(ByteBuf buf, Listener listener) {
        while (buf.isReadable()) {
            if (!inPayload) {
                header[headerLength++] = buf.readByte();
                if (headerLength == 2) {
                    int len7 = header[1] & 0x7F;
                    headerNeeded = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
                }
                if (headerLength == headerNeeded) {
                    parseHeader();
                    listener.header(opcode, (header[0] & 0x80) != 0, length);
                    headerLength = 0;
                    headerNeeded = 2;
                    if (length == 0) {
                        inPayload = false;
                        listener.frameEnded(opcode, -1, 0);
                    }
                }
                continue;
            }
            int start = buf.readerIndex();
            int n = (int) Math.min(length - position, buf.readableBytes());
            if (masked && unmask) {
                unmask(buf, start, n);
            }
            for (int k = 0; timestampBytes < 8 && k < n; k++) {
                int b = buf.getByte(start + k) & 0xFF;
                if (masked && !unmask) {
                    b ^= WsFrames.maskByte(maskKey, position + k);
                }
                timestamp = (timestamp << 8) | b;
                timestampBytes++;
            }
            listener.payload(buf.slice(start, n));
            buf.skipBytes(n);
            position += n;
            if (position == length) {
                inPayload = false;
                listener.frameEnded(opcode, timestampBytes == 8 ? timestamp : -1, length);
            }
        }
    }

    /** XORs {@code n} bytes at {@code start} with the mask, eight at a time where it can. */
    private void unmask(ByteBuf buf, int start, int n) {
        int key = Integer.rotateLeft(maskKey, 8 * (int) (position & 3));
        long key64 = ((key & 0xFFFFFFFFL) << 32) | (key & 0xFFFFFFFFL);
        int k = 0;
        for (; k + 8 <= n; k += 8) {
            buf.setLong(start + k, buf.getLong(start + k) ^ key64);
        }
        for (; k < n; k++) {
            buf.setByte(start + k, buf.getByte(start + k) ^ WsFrames.maskByte(maskKey, position + k));
        }
    }

    private void parseHeader() {
        opcode = header[0] & 0x0F;
        masked = (header[1] & 0x80) != 0;
        int len7 = header[1] & 0x7F;
        int at = 2;
        if (len7 == 126) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            at = 4;
        } else if (len7 == 127) {
            long l = 0;
            for (int k = 0; k < 8; k++) {
                l = (l << 8) | (header[2 + k] & 0xFF);
            }
            length = l;
            at = 10;
        } else {
            length = len7;
        }
        if (masked) {
            maskKey = ((header[at] & 0xFF) << 24) | ((header[at + 1] & 0xFF) << 16) | ((header[at + 2] & 0xFF) << 8)
                    | (header[at + 3] & 0xFF);
        }
        position = 0;
        timestamp = 0;
        timestampBytes = 0;
        inPayload = length > 0;
    }
}
