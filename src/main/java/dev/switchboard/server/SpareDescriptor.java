package dev.switchboard.server;

import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One file descriptor held in reserve (an open {@code /dev/null}), so that a listener at the open-file cap can still
 * take its pending connections off the backlog to refuse them: give the spare up, {@code accept()} and close each
 * pending connection, take the spare back (the EMFILE trick of libuv and libev). Without it the clients would wait
 * unanswered in the backlog until a descriptor frees up, as they do with nginx. Shared by the event loops, one at a
 * time.
 */
final class SpareDescriptor {

    private FileChannel spare;

    SpareDescriptor() {
        take();
    }

    /**
     * Accepts and closes up to {@code max} pending connections of {@code listener} on the spare descriptor.
     *
     * @return how many were refused; 0 when there is no spare (another thread took the descriptor it freed)
     */
    synchronized int refusePending(Socket listener, int max) {
        if (spare == null && !take()) {
            return 0;
        }
        int refused = 0;
        try {
            spare.close();
            spare = null;
            byte[] address = new byte[64];
            int fd;
            while (refused < max && (fd = listener.accept(address)) >= 0) {
                new FileDescriptor(fd).close();
                refused++;
            }
        } catch (IOException e) {
            // EMFILE again: another thread took the freed descriptor first; the caller pauses and retries
        } finally {
            take();
        }
        return refused;
    }

    /** Gives the spare back for good (the proxy stops). */
    synchronized void close() {
        if (spare != null) {
            try {
                spare.close();
            } catch (IOException ignored) {
                // closing /dev/null
            }
            spare = null;
        }
    }

    private boolean take() {
        try {
            spare = FileChannel.open(Path.of("/dev/null"));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            spare = null;
            return false;
        }
    }
}
