package dev.switchboard.websocket;

import dev.switchboard.testing.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Frame boundaries and RFC 6455 checks across every segmentation, without changing a single forwarded byte. */
class FrameTrackerTest {

    private static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false, true);

    /** Collects what a tracker forwards; control frames are forwarded too unless {@code consumePongs}. */
    static final class Recorder implements FrameSink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final List<String> controls = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        /** Bytes forwarded when each frame ended, and when each violation was reported. */
        final List<Integer> forwardedAtFrameEnd = new ArrayList<>();
        final List<Integer> forwardedAtViolation = new ArrayList<>();
        int boundaries;
        int messageEnds;
        int forwards;
        boolean consumePongs;
        boolean awaitBoundaries;

        @Override
        public void forward(ByteBuf bytes) {
            forwards++;
            byte[] b = new byte[bytes.readableBytes()];
            bytes.readBytes(b);
            bytes.release();
            out.writeBytes(b);
        }

        @Override
        public void controlFrame(int opcode, ByteBuf frame, ByteBuf payload) {
            controls.add(opcode + ":" + payload.toString(StandardCharsets.ISO_8859_1));
            payload.release();
            if (consumePongs && opcode == 10) {
                frame.release();
            } else {
                forward(frame);
            }
        }

        @Override
        public void violation(int code, String reason) {
            violations.add(code + " " + reason);
            forwardedAtViolation.add(out.size());
        }

        @Override
        public boolean awaitsFrameBoundary() {
            return awaitBoundaries;
        }

        @Override
        public void frameEnded(boolean messageEnded) {
            forwardedAtFrameEnd.add(out.size());
            boundaries++;
            if (messageEnded) {
                messageEnds++;
            }
        }
    }

    private static Recorder feed(byte[] stream, int[] cuts, boolean masked, int allowedRsv, long maxFrame,
                                 long maxMessage) {
        return feed(new Recorder(), stream, cuts, masked, allowedRsv, maxFrame, maxMessage);
    }

    private static Recorder feed(Recorder r, byte[] stream, int[] cuts, boolean masked, int allowedRsv,
                                 long maxFrame, long maxMessage) {
        FrameTracker t = new FrameTracker(masked, allowedRsv, maxFrame, maxMessage, ALLOC, r);
        int from = 0;
        for (int cut : cuts) {
            t.accept(Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(stream, from, cut)));
            from = cut;
        }
        t.accept(Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(stream, from, stream.length)));
        return r;
    }

    private static byte[] sampleStream(boolean masked) {
        byte[] big = new byte[70_000];
        new Random(1).nextBytes(big);
        return Frames.concat(
                Frames.text("hello", masked),
                Frames.frame(false, 0, 1, "frag-".getBytes(), masked),
                Frames.frame(true, 0, 9, "ping!".getBytes(), masked),
                Frames.frame(true, 0, 0, "end".getBytes(), masked),
                Frames.frame(true, 0, 2, new byte[300], masked),
                Frames.frame(true, 0, 2, big, masked),
                Frames.frame(true, 0, 2, new byte[0], masked),
                Frames.close(1000, "bye", masked));
    }

    @Test
    void everySegmentationForwardsTheStreamUnchanged() {
        for (boolean masked : new boolean[]{true, false}) {
            byte[] stream = sampleStream(masked);
            // one read, byte by byte over the first 400 bytes, and 200 random segmentations
            assertUnchanged(stream, new int[0], masked);
            int[] byteCuts = new int[400];
            for (int i = 0; i < byteCuts.length; i++) {
                byteCuts[i] = i + 1;
            }
            assertUnchanged(stream, byteCuts, masked);
            Random random = new Random(42);
            for (int n = 0; n < 200; n++) {
                int[] cuts = random.ints(random.nextInt(12), 1, stream.length).sorted().distinct().toArray();
                assertUnchanged(stream, cuts, masked);
            }
        }
    }

    private static void assertUnchanged(byte[] stream, int[] cuts, boolean masked) {
        assertUnchanged(new Recorder(), stream, cuts, masked);
        Recorder awaiting = new Recorder();
        awaiting.awaitBoundaries = true;
        assertUnchanged(awaiting, stream, cuts, masked);
        // a sink with frames of its own to write saw everything up to each boundary when the frame ended
        assertThat(awaiting.forwardedAtFrameEnd).containsExactlyElementsOf(frameEnds(stream));
    }

    /** Offsets where the frames of a well-formed stream end. */
    private static List<Integer> frameEnds(byte[] stream) {
        List<Integer> ends = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            int len7 = stream[at + 1] & 0x7F;
            int header = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((stream[at + 1] & 0x80) != 0 ? 4 : 0);
            long payload = len7 == 126 ? ((stream[at + 2] & 0xFF) << 8 | (stream[at + 3] & 0xFF))
                    : len7 == 127 ? java.nio.ByteBuffer.wrap(stream, at + 2, 8).getLong() : len7;
            at += header + (int) payload;
            ends.add(at);
        }
        return ends;
    }

    private static void assertUnchanged(Recorder sink, byte[] stream, int[] cuts, boolean masked) {
        Recorder r = feed(sink, stream, cuts, masked, 0, 0, 0);
        assertThat(r.violations).isEmpty();
        assertThat(r.out.toByteArray()).isEqualTo(stream);
        assertThat(r.controls).containsExactly("9:ping!", "8:" + (char) 0x03 + (char) 0xE8 + "bye");
        assertThat(r.boundaries).isEqualTo(8);
        assertThat(r.messageEnds).isEqualTo(5);
    }

    @Test
    void controlFramesCanBeConsumed() {
        byte[] stream = Frames.concat(Frames.text("a", true), Frames.frame(true, 0, 10, "token".getBytes(), true),
                Frames.text("b", true));
        Recorder r = new Recorder();
        r.consumePongs = true;
        FrameTracker t = new FrameTracker(true, 0, 0, 0, ALLOC, r);
        t.accept(Unpooled.wrappedBuffer(stream));
        assertThat(r.out.toByteArray()).isEqualTo(Frames.concat(Frames.text("a", true), Frames.text("b", true)));
        assertThat(r.controls).containsExactly("10:token");
    }

    @Test
    void boundaryIsKnownAfterEveryByte() {
        byte[] stream = Frames.concat(Frames.text("abc", false), Frames.text("de", false));
        Recorder r = new Recorder();
        FrameTracker t = new FrameTracker(false, 0, 0, 0, ALLOC, r);
        List<Boolean> atBoundary = new ArrayList<>();
        for (byte b : stream) {
            t.accept(Unpooled.wrappedBuffer(new byte[]{b}));
            atBoundary.add(t.atFrameBoundary());
        }
        assertThat(atBoundary).containsExactly(false, false, false, false, true, false, false, false, true);
    }

    @Test
    void violationsAreFoundBeforeTheOffendingFrameIsForwarded() {
        assertViolation(Frames.text("x", false), true, 0, "1002 unmasked client frame");
        assertViolation(Frames.text("x", true), false, 0, "1002 masked server frame");
        assertViolation(Frames.frame(true, 0, 3, new byte[1], true), true, 0, "1002 unknown opcode 3");
        assertViolation(Frames.frame(true, 0, 11, new byte[1], true), true, 0, "1002 unknown opcode 11");
        assertViolation(Frames.frame(false, 0, 9, new byte[1], true), true, 0, "1002 fragmented control frame");
        assertViolation(Frames.frame(true, 0, 9, new byte[126], true), true, 0, "1002 control frame too long");
        assertViolation(Frames.frame(true, 0, 0, new byte[1], true), true, 0,
                "1002 continuation frame outside a fragmented message");
        byte[] start = Frames.frame(false, 0, 1, new byte[1], true);
        assertViolation(Frames.concat(start, Frames.text("x", true)), start.length, true, 0,
                "1002 new message inside a fragmented message");
        assertViolation(Frames.frame(true, 4, 1, new byte[1], true), true, 0,
                "1002 RSV bits without a negotiated extension");
        assertViolation(Frames.frame(true, 2, 1, new byte[1], true), true, 0x40,
                "1002 RSV bits without a negotiated extension");
        assertViolation(Frames.frame(true, 0, 2, new byte[0], true, Long.MIN_VALUE), true, 0,
                "1002 invalid frame length");
    }

    private static void assertViolation(byte[] stream, boolean masked, int allowedRsv, String expected) {
        assertViolation(stream, 0, masked, allowedRsv, expected);
    }

    /** The offending frame starts at {@code validPrefix}: not one of its bytes may have been forwarded. */
    private static void assertViolation(byte[] stream, int validPrefix, boolean masked, int allowedRsv,
                                        String expected) {
        for (int cut = 1; cut < Math.min(stream.length, 16); cut++) {
            Recorder r = feed(stream, new int[]{cut}, masked, allowedRsv, 0, 0);
            assertThat(r.violations).as("cut at %d", cut).containsExactly(expected);
            assertThat(r.out.size()).as("bytes forwarded, cut at %d", cut).isEqualTo(validPrefix);
            assertThat(r.forwardedAtViolation).as("forwarded before the violation").containsExactly(validPrefix);
        }
    }

    @Test
    void theFramesOfOneReadGoOnAsOneBuffer() {
        byte[] frames = Frames.concat(Frames.text("a", true), Frames.frame(true, 0, 2, new byte[64], true),
                Frames.text("b", true), Frames.frame(false, 0, 1, "c".getBytes(), true),
                Frames.frame(true, 0, 0, "d".getBytes(), true));
        Recorder r = feed(frames, new int[0], true, 0, 0, 0);
        assertThat(r.forwards).isEqualTo(1);
        assertThat(r.out.toByteArray()).isEqualTo(frames);
        assertThat(r.messageEnds).isEqualTo(4);
        // a control frame in between cuts the read in three: before it, itself, after it
        Recorder withPing = feed(Frames.concat(Frames.text("a", true), Frames.frame(true, 0, 9, new byte[0], true),
                Frames.text("b", true)), new int[0], true, 0, 0, 0);
        assertThat(withPing.forwards).isEqualTo(3);
    }

    @Test
    void validFramesBeforeAnOffendingOneInTheSameReadGoOnFirst() {
        byte[] valid = Frames.concat(Frames.text("one", true), Frames.frame(true, 0, 2, new byte[90], true));
        assertViolation(Frames.concat(valid, Frames.text("x", false)), valid.length, true, 0,
                "1002 unmasked client frame");
        Recorder r = feed(Frames.concat(valid, Frames.frame(true, 0, 2, new byte[101], true)), new int[0], true, 0,
                100, 0);
        assertThat(r.violations).containsExactly("1009 frame too big");
        assertThat(r.forwardedAtViolation).containsExactly(valid.length);
    }

    @Test
    void rsv1IsAllowedOnlyOnTheFirstFrameWithDeflate() {
        Recorder ok = feed(Frames.frame(true, 4, 1, new byte[3], true), new int[0], true, 0x40, 0, 0);
        assertThat(ok.violations).isEmpty();
        Recorder continuation = feed(Frames.concat(Frames.frame(false, 4, 1, new byte[3], true),
                Frames.frame(true, 4, 0, new byte[3], true)), new int[0], true, 0x40, 0, 0);
        assertThat(continuation.violations).containsExactly("1002 RSV bits without a negotiated extension");
    }

    @Test
    void frameAndMessageLimitsAnswer1009() {
        assertThat(feed(Frames.frame(true, 0, 2, new byte[101], false), new int[]{3}, false, 0, 100, 0).violations)
                .containsExactly("1009 frame too big");
        byte[] fragmented = Frames.concat(Frames.frame(false, 0, 2, new byte[60], false),
                Frames.frame(true, 0, 0, new byte[60], false));
        assertThat(feed(fragmented, new int[0], false, 0, 100, 100).violations)
                .containsExactly("1009 message too big");
        assertThat(feed(fragmented, new int[0], false, 0, 100, 120).violations).isEmpty();
    }
}
