package dev.switchboard.http;

import java.util.ArrayList;
import java.util.List;

/**
 * What the access log and the metrics need to know about one request once it has ended: sizes, times, the status
 * sent, the upstream attempts ({@code $upstream_*}) and, for an upgraded connection, what its tunnel carried. Plain
 * fields, written on the connection's event loop while the request runs and read once when it is logged.
 */
public final class RequestLog {

    /** One attempt on an upstream peer (nginx lists every attempt in {@code $upstream_addr} and friends). */
    public static final class Attempt {
        public final String upstream;
        public final String address;
        final long startNanos = System.nanoTime();
        /** Times in milliseconds, -1 while unknown (logged as "-"). */
        public long connectMillis = -1;
        public long headerMillis = -1;
        public long responseMillis = -1;
        public int status;

        Attempt(String upstream, String address) {
            this.upstream = upstream;
            this.address = address;
        }

        long elapsedMillis() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }
    }

    public final long startNanos = System.nanoTime();
    public final long startMillis = System.currentTimeMillis();
    public int status;
    public long headerBytes;
    public long bytesSent;
    public long requestLength;
    public int connectionRequests;
    public boolean logged;
    /** Set at the end of an upgraded connection. */
    public boolean upgraded;
    public long wsDurationMillis;
    public long wsMessagesIn;
    public long wsMessagesOut;
    public long wsBytesIn;
    public long wsBytesOut;
    public int wsCloseCode;
    public String wsCloseBy;
    private List<Attempt> attempts;

    /** A new attempt on {@code address} of {@code upstream} begins (before connecting). */
    public void attemptStarted(String upstream, String address) {
        if (attempts == null) {
            attempts = new ArrayList<>(2);
        }
        attempts.add(new Attempt(upstream, address));
    }

    /** The current attempt's connection is established. */
    public void attemptConnected() {
        Attempt a = current();
        if (a != null && a.connectMillis < 0) {
            a.connectMillis = a.elapsedMillis();
        }
    }

    /** The current attempt's response head arrived. */
    public void attemptHeader(int upstreamStatus) {
        Attempt a = current();
        if (a != null) {
            a.status = upstreamStatus;
            a.headerMillis = a.elapsedMillis();
        }
    }

    /** The current attempt ended (response complete, failed, or became a tunnel). */
    public void attemptEnded(int failureStatus) {
        Attempt a = current();
        if (a != null && a.responseMillis < 0) {
            a.responseMillis = a.elapsedMillis();
            if (a.status == 0) {
                a.status = failureStatus;
            }
        }
    }

    private Attempt current() {
        return attempts == null || attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }

    /** The upstream attempts in order; empty when the request was not proxied. */
    public List<Attempt> attempts() {
        return attempts == null ? List.of() : attempts;
    }

    /** Milliseconds since the request's first byte was read. */
    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
