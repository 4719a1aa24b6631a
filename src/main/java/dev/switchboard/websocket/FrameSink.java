package dev.switchboard.websocket;

import io.netty.buffer.ByteBuf;

/** Receives what a {@link FrameTracker} decides about the bytes of one direction. */
interface FrameSink {

    /** Bytes to pass on unchanged (a retained slice or a small copy the sink now owns). */
    void forward(ByteBuf bytes);

    /**
     * A complete control frame (close, ping or pong). {@code frame} holds its bytes exactly as received and
     * {@code payload} its unmasked payload; the sink owns both and either forwards {@code frame} or consumes it.
     */
    void controlFrame(int opcode, ByteBuf frame, ByteBuf payload);

    /** The direction broke the protocol or a limit: {@code code} is the close code for the offender. */
    void violation(int code, String reason);

    /**
     * Whether the sink has frames of its own to write at the next frame boundary: the tracker then passes on
     * everything up to that boundary before {@link #frameEnded}. Otherwise the frames of one read go on together.
     */
    boolean awaitsFrameBoundary();

    /** The stream just reached a frame boundary after completing a frame. */
    void frameEnded(boolean messageEnded);
}
