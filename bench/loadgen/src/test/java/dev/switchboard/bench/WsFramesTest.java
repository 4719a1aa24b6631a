package dev.switchboard.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The load generator's frames are valid RFC 6455 client frames, and the reader follows them across any split. */
class WsFramesTest {

    @Test
    void headerUsesTheShortestLengthFormAndSetsTheMaskBit() {
        ByteBuf out = Unpooled.buffer();
        WsFrames.writeTimestamped(out, 125, 1L, 0x01020304);
        assertEquals(0x82, out.getUnsignedByte(0));
        assertEquals(0x80 | 125, out.getUnsignedByte(1));
        assertEquals(0x01020304, out.getInt(2));
        out.clear();
        WsFrames.writeTimestamped(out, 126, 1L, 7);
        assertEquals(0x80 | 126, out.getUnsignedByte(1));
        assertEquals(126, out.getUnsignedShort(2));
        out.clear();
        WsFrames.writeTimestamped(out, 65536, 1L, 7);
        assertEquals(0x80 | 127, out.getUnsignedByte(1));
        assertEquals(65536, out.getLong(2));
        assertEquals(65536 + 14, out.readableBytes());
    }

    @Test
    void maskedPayloadUnmasksToTimestampAndZerosWhateverTheSplit() {
        for (int size : new int[]{8, 13, 64, 126, 1000, 65536, 70001}) {
            ByteBuf frame = Unpooled.buffer();
            long ts = 0x0123456789ABCDEFL;
            WsFrames.writeTimestamped(frame, size, ts, 0xA1B2C3D4);
            WsFrames.writeTimestamped(frame, size, ts + 1, 0x0F1E2D3C);
            for (int chunk : new int[]{1, 3, 7, 1500, Integer.MAX_VALUE}) {
                List<Long> stamps = new ArrayList<>();
                ByteBuf payload = Unpooled.buffer();
                FrameReader reader = new FrameReader(true);
                FrameReader.Listener listener = new FrameReader.Listener() {
                    @Override
                    public void payload(ByteBuf piece) {
                        payload.writeBytes(piece);
                    }

                    @Override
                    public void frameEnded(int opcode, long timestamp, long length) {
                        assertEquals(WsFrames.OP_BINARY, opcode);
                        assertEquals(size, length);
                        stamps.add(timestamp);
                    }
                };
                ByteBuf copy = frame.copy();
                while (copy.isReadable()) {
                    reader.read(copy.readRetainedSlice(Math.min(chunk, copy.readableBytes())), listener);
                }
                assertEquals(List.of(ts, ts + 1), stamps, "size " + size + " chunk " + chunk);
                assertEquals(2L * size, payload.readableBytes());
                assertEquals(ts, payload.getLong(0));
                for (int k = 8; k < size; k++) {
                    assertEquals(0, payload.getByte(k), "byte " + k);
                }
            }
        }
    }

    @Test
    void acceptKeyMatchesTheRfcExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WsFrames.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }
}
