package dev.switchboard.proxy;

import io.netty.channel.WriteBufferWaterMark;

/**
 * The write watermarks of every proxied channel, client and backend side alike: a relay stops reading from one side
 * while the other side has more than 64 KiB queued and resumes below 32 KiB, so a slow reader pauses its peer
 * instead of growing the proxy's memory.
 */
public final class Backpressure {

    public static final WriteBufferWaterMark WATERMARKS = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private Backpressure() {
    }
}
