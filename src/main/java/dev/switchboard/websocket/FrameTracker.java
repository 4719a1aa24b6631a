package dev.switchboard.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Follows RFC 6455 §5 frame boundaries in one direction of a tunnel, across any TCP segmentation, without copying
 * or unmasking data payloads: data frames go on as slices of the buffers they arrived in. Control frames (at most
 * 131 bytes) are collected whole so the tunnel can read them (close codes, its own pongs) and decide to forward or
 * consume them. A frame header split across reads is held back until complete, so a protocol violation is found
 * before any byte of the offending frame has been passed on, and the other side's stream is always left at a frame
 * boundary.
 *
 * <p>Checks what a proxy must (RFC 6455 §5.1–§5.5): masking by direction, known opcodes, control frames unfragmented
 * and at most 125 bytes, RSV bits only as a negotiated extension allows, continuation rules, and the configured
 * frame and message size limits. One instance per direction; event-loop confined.
 */
public final class FrameTracker {

    private static final int MAX_HEADER = 14;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private enum State { HEADER, PAYLOAD, CONTROL, FAILED }

    private final boolean expectMasked;
    private final int allowedRsv;
    private final long maxFrameSize;
    private final long maxMessageSize;
    private final ByteBufAllocator alloc;
    private final FrameSink sink;

    private State state = State.HEADER;
    /** A header split across reads, collected here (only then). */
    /** A frame header split across reads; made on first need, as most connections never split one. */
    private byte[] partial;
    private int partialLength;
    private long payloadRemaining;
    private boolean frameFin;
    private boolean inFragmentedMessage;
    private long messageBytes;
    private ByteBuf control;
    private int controlOpcode;
    private int controlMaskKey;
    private boolean controlMasked;

    private long frames;
    private long messages;

    /** The read being scanned (only during {@link #accept}), where its next slice to pass on starts, and where the
     * header being parsed starts. */
    private ByteBuf scanning;
    private int segment;
    private int headerAt;

    /**
     * @param expectMasked   true for frames from the client (which must be masked), false for the backend's
     * @param allowedRsv     RSV bits a negotiated extension allows on the first frame of a message (0x40 for
     *                       permessage-deflate's RSV1), or 0x70 when an extension the proxy does not know is in use
     * @param maxFrameSize   largest data frame payload, 0 for no limit
     * @param maxMessageSize largest message (sum of its frames' payloads), 0 for no limit
     */
    FrameTracker(boolean expectMasked, int allowedRsv, long maxFrameSize, long maxMessageSize,
                 ByteBufAllocator alloc, FrameSink sink) {
        this.expectMasked = expectMasked;
        this.allowedRsv = allowedRsv;
        this.maxFrameSize = maxFrameSize;
        this.maxMessageSize = maxMessageSize;
        this.alloc = alloc;
        this.sink = sink;
    }

    /**
     * Whether everything passed on so far ends exactly at a frame boundary (a frame may be injected now). After a
     * violation this stays true: the offending frame was stopped before any of its bytes went on.
     */
    public boolean atFrameBoundary() {
        return (state == State.HEADER && partialLength == 0) || state == State.FAILED;
    }

    /** Whether a violation stopped the tracker; later input is dropped. */
    public boolean failed() {
        return state == State.FAILED;
    }

    /** Frames seen so far. */
    public long frames() {
        return frames;
    }

    /** Complete data messages seen so far. */
    public long messages() {
        return messages;
    }

    /** Scans one read; takes ownership of {@code buf}. */
    public void accept(ByteBuf buf) {
        try {
            scan(buf);
        } finally {
            buf.release();
        }
    }

    /** Releases what is held (a partial control frame) when the tunnel closes. */
    public void release() {
        if (control != null) {
            control.release();
            control = null;
        }
    }

    private void scan(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        scanning = buf;
        segment = i;
        try {
            while (i < end && state != State.FAILED) {
                switch (state) {
                    case PAYLOAD -> {
                        int n = (int) Math.min(payloadRemaining, end - i);
                        i += n;
                        payloadRemaining -= n;
                        if (payloadRemaining == 0) {
                            if (sink.awaitsFrameBoundary()) {
                                passOn(i);
                            }
                            dataFrameEnded();
                        }
                    }
                    case CONTROL -> {
                        int n = (int) Math.min(payloadRemaining, end - i);
                        control.writeBytes(buf, i, n);
                        i += n;
                        payloadRemaining -= n;
                        segment = i;
                        if (payloadRemaining == 0) {
                            controlFrameEnded();
                        }
                    }
                    case HEADER -> {
                        if (partialLength == 0) {
                            int available = end - i;
                            // the first two header bytes in one read of the buffer (one bounds and access check)
                            int first = available >= 2 ? buf.getUnsignedShort(i) : 0;
                            int needed = available >= 2 ? headerLength((byte) first) : MAX_HEADER + 1;
                            if (available >= needed) {
                                boolean isControl = (first & 0x0800) != 0;
                                headerAt = i;
                                if (isControl) {
                                    passOn(i);
                                }
                                if (!header(first >>> 8, first & 0xFF, buf, i, needed)) {
                                    return;
                                }
                                if (isControl) {
                                    control.writeBytes(buf, i, needed);
                                }
                                i += needed;
                                if (isControl) {
                                    segment = i;
                                } else if (payloadRemaining == 0 && sink.awaitsFrameBoundary()) {
                                    passOn(i);
                                }
                                afterHeader();
                                continue;
                            }
                            // The header is split across reads: pass on what precedes it and hold it back.
                            passOn(i);
                        }
                        if (partial == null) {
                            partial = new byte[MAX_HEADER];
                        }
                        int want = partialLength >= 2 ? headerLength(partial[1]) : 2;
                        int n = Math.min(want - partialLength, end - i);
                        buf.getBytes(i, partial, partialLength, n);
                        partialLength += n;
                        i += n;
                        segment = i;
                        if (partialLength == 2 && headerLength(partial[1]) > 2) {
                            continue;
                        }
                        if (partialLength == want) {
                            headerAt = i;
                            ByteBuf header = alloc.buffer(partialLength).writeBytes(partial, 0, partialLength);
                            int length = partialLength;
                            partialLength = 0;
                            boolean isControl = (partial[0] & 0x08) != 0;
                            if (!header(partial[0] & 0xFF, partial[1] & 0xFF, header, 0, length)) {
                                header.release();
                                return;
                            }
                            if (isControl) {
                                control.writeBytes(header);
                                header.release();
                            } else {
                                sink.forward(header);
                            }
                            afterHeader();
                        }
                    }
                    default -> {
                        return;
                    }
                }
            }
            if (state == State.PAYLOAD || (state == State.HEADER && partialLength == 0)) {
                passOn(end);
            }
        } finally {
            scanning = null;
        }
    }

    /**
     * Passes on the bytes of the current read from the last cut up to {@code to}: data frames go on together, one
     * retained slice per read (the whole buffer when nothing was cut), and are cut only where the stream needs a
     * boundary (before a control frame, an injected frame, a split header or an offending frame).
     */
    private void passOn(int to) {
        if (to <= segment) {
            return;
        }
        ByteBuf buf = scanning;
        if (segment == buf.readerIndex() && to == buf.writerIndex()) {
            sink.forward(buf.retain());
        } else {
            sink.forward(buf.retainedSlice(segment, to - segment));
        }
        segment = to;
    }

    private static int headerLength(byte second) {
        int len = second & 0x7F;
        int size = 2 + (len == 126 ? 2 : len == 127 ? 8 : 0);
        return (second & 0x80) != 0 ? size + 4 : size;
    }

    /**
     * Parses and checks a complete header at {@code at} whose first two bytes are {@code b0} and {@code b1}; false
     * (after reporting) on a violation.
     */
    private boolean header(int b0, int b1, ByteBuf buf, int at, int length) {
        boolean fin = (b0 & 0x80) != 0;
        int rsv = b0 & 0x70;
        int opcode = b0 & 0x0F;
        boolean masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7F;
        long payload = len7 == 126 ? buf.getUnsignedShort(at + 2) : len7 == 127 ? buf.getLong(at + 2) : len7;
        boolean isControl = (opcode & 0x08) != 0;
        if (masked != expectMasked) {
            return fail(CloseCodes.PROTOCOL_ERROR, expectMasked ? "unmasked client frame" : "masked server frame");
        }
        if (opcode != 0 && opcode != 1 && opcode != 2 && opcode != 8 && opcode != 9 && opcode != 10) {
            return fail(CloseCodes.PROTOCOL_ERROR, "unknown opcode " + opcode);
        }
        if (payload < 0) {
            return fail(CloseCodes.PROTOCOL_ERROR, "invalid frame length");
        }
        if (isControl) {
            if (!fin) {
                return fail(CloseCodes.PROTOCOL_ERROR, "fragmented control frame");
            }
            if (payload > MAX_CONTROL_PAYLOAD) {
                return fail(CloseCodes.PROTOCOL_ERROR, "control frame too long");
            }
            if (rsv != 0) {
                return fail(CloseCodes.PROTOCOL_ERROR, "RSV bits on a control frame");
            }
            if (opcode == 8 && payload == 1) {
                return fail(CloseCodes.PROTOCOL_ERROR, "invalid close frame");
            }
            controlOpcode = opcode;
            controlMasked = masked;
            controlMaskKey = masked ? buf.getInt(at + length - 4) : 0;
            control = alloc.buffer(length + (int) payload);
            payloadRemaining = payload;
            frameFin = true;
            return true;
        }
        if (opcode == 0 && !inFragmentedMessage) {
            return fail(CloseCodes.PROTOCOL_ERROR, "continuation frame outside a fragmented message");
        }
        if (opcode != 0 && inFragmentedMessage) {
            return fail(CloseCodes.PROTOCOL_ERROR, "new message inside a fragmented message");
        }
        if (rsv != 0 && (opcode == 0 || (rsv & ~allowedRsv) != 0)) {
            return fail(CloseCodes.PROTOCOL_ERROR, "RSV bits without a negotiated extension");
        }
        if (maxFrameSize > 0 && payload > maxFrameSize) {
            return fail(CloseCodes.MESSAGE_TOO_BIG, "frame too big");
        }
        long total = (opcode == 0 ? messageBytes : 0) + payload;
        if (maxMessageSize > 0 && total > maxMessageSize) {
            return fail(CloseCodes.MESSAGE_TOO_BIG, "message too big");
        }
        messageBytes = total;
        inFragmentedMessage = !fin;
        frameFin = fin;
        payloadRemaining = payload;
        return true;
    }

    private void afterHeader() {
        if (control != null) {
            state = State.CONTROL;
            if (payloadRemaining == 0) {
                controlFrameEnded();
            }
            return;
        }
        state = State.PAYLOAD;
        if (payloadRemaining == 0) {
            dataFrameEnded();
        }
    }

    private void dataFrameEnded() {
        state = State.HEADER;
        frames++;
        if (frameFin) {
            messages++;
            messageBytes = 0;
        }
        sink.frameEnded(frameFin);
    }

    private void controlFrameEnded() {
        state = State.HEADER;
        frames++;
        ByteBuf frame = control;
        control = null;
        int payloadLength = frame.readableBytes() - (headerLength(frame.getByte(1)));
        ByteBuf payload = alloc.buffer(Math.max(payloadLength, 1));
        int start = frame.readableBytes() - payloadLength;
        for (int k = 0; k < payloadLength; k++) {
            int maskByte = controlMasked ? (controlMaskKey >>> (24 - 8 * (k & 3))) & 0xFF : 0;
            payload.writeByte((frame.getByte(start + k) & 0xFF) ^ maskByte);
        }
        sink.controlFrame(controlOpcode, frame, payload);
        sink.frameEnded(false);
    }

    private boolean fail(int code, String reason) {
        if (scanning != null) {
            passOn(headerAt); // the valid frames before the offending one go on before the violation is handled
        }
        state = State.FAILED;
        release();
        sink.violation(code, reason);
        return false;
    }
}
