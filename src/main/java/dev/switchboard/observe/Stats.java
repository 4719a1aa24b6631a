package dev.switchboard.observe;

import io.netty.util.concurrent.FastThreadLocal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The proxy's counters, kept per thread as plain fields (each event loop writes only its own {@link Loop}, so
 * counting is a field increment without locks or atomics) and summed when scraped. A scrape may read a value one
 * increment old; counters never go backwards.
 */
public final class Stats {

    /** Close-code buckets: 1000..1015 exactly, then 1016-2999, 3000-3999, 4000-4999, anything else, none (0). */
    static final String[] CODE_LABELS;
    static final int CODE_BUCKETS;

    static {
        String[] labels = new String[16 + 5];
        for (int i = 0; i < 16; i++) {
            labels[i] = Integer.toString(1000 + i);
        }
        labels[16] = "other_1xxx_2xxx";
        labels[17] = "3xxx";
        labels[18] = "4xxx";
        labels[19] = "invalid";
        labels[20] = "none";
        CODE_LABELS = labels;
        CODE_BUCKETS = labels.length;
    }

    /** Sides that end a WebSocket session. */
    static final String[] SIDES = {"client", "backend", "proxy"};
    /** Outcomes of a WebSocket handshake. */
    static final String[] HANDSHAKES = {"upgraded", "forbidden", "limited", "backend_error", "rejected"};
    static final int HS_UPGRADED = 0;
    static final int HS_FORBIDDEN = 1;
    static final int HS_LIMITED = 2;
    static final int HS_BACKEND_ERROR = 3;
    static final int HS_REJECTED = 4;

    /** How a TLS handshake on an {@code ssl} address ended. */
    public enum TlsOutcome {
        /** Completed. */
        OK,
        /** Failed: an alert either way (no shared protocol or cipher, certificate refused by the client), or bytes
         *  that are not TLS. */
        FAILED,
        /** The client closed (or the connection was closed by client_header_timeout) before the handshake ended. */
        CLOSED,
        /** The first bytes were a plain HTTP request: answered 497, as nginx does. */
        PLAIN_HTTP;

        final String label = name().toLowerCase(java.util.Locale.ROOT);
    }

    /** One thread's counters. */
    public static final class Loop {
        long accepted;
        long handled;
        long acceptFailures;
        long requests;
        final long[] statusClass = new long[6];
        final long[] handshakes = new long[HANDSHAKES.length];
        long tunnelsClosed;
        long messagesIn;
        long messagesOut;
        long bytesIn;
        long bytesOut;
        final long[][] closeCodes = new long[SIDES.length][CODE_BUCKETS];
        long limitRejections;
        long accessDenied;
        long authFailures;
        final long[] tlsHandshakes = new long[TlsOutcome.values().length];

        /** A connection was accepted; {@code handled} false when worker_connections refused it. */
        public void accepted(boolean handledToo) {
            accepted++;
            if (handledToo) {
                handled++;
            }
        }

        /** A listening socket's {@code accept()} failed (EMFILE when out of file descriptors). */
        public void acceptFailed() {
            acceptFailures++;
        }

        /** A request head was read. */
        public void request() {
            requests++;
        }

        /** A TLS handshake ended (or a plain HTTP request came to an ssl address instead). */
        public void tlsHandshake(TlsOutcome outcome) {
            tlsHandshakes[outcome.ordinal()]++;
        }

        /** A limit_conn or limit_req rejected a request. */
        public void limitRejected() {
            limitRejections++;
        }
    }

    private final List<Loop> loops = new CopyOnWriteArrayList<>();
    private final FastThreadLocal<Loop> local = new FastThreadLocal<>() {
        @Override
        protected Loop initialValue() {
            Loop loop = new Loop();
            loops.add(loop);
            return loop;
        }
    };

    /** The calling thread's counters. */
    public Loop local() {
        return local.get();
    }

    static int codeBucket(int code) {
        if (code == 0) {
            return 20;
        }
        if (code >= 1000 && code <= 1015) {
            return code - 1000;
        }
        if (code < 1000 || code >= 5000) {
            return 19;
        }
        return code < 3000 ? 16 : code < 4000 ? 17 : 18;
    }

    static int sideIndex(String side) {
        return switch (side) {
            case "client" -> 0;
            case "backend" -> 1;
            default -> 2;
        };
    }

    /** A sum over every thread's counters, taken when scraped. */
    record Totals(long accepted, long handled, long requests, long[] statusClass, long[] handshakes,
                  long tunnelsClosed, long messagesIn, long messagesOut, long bytesIn, long bytesOut,
                  long[][] closeCodes, long limitRejections, long accessDenied, long authFailures,
                  long[] tlsHandshakes, long acceptFailures) {
    }

    Totals totals() {
        long accepted = 0, handled = 0, requests = 0, closed = 0, mIn = 0, mOut = 0, bIn = 0, bOut = 0, limits = 0;
        long denied = 0, auth = 0, acceptFailures = 0;
        long[] status = new long[6];
        long[] hs = new long[HANDSHAKES.length];
        long[][] codes = new long[SIDES.length][CODE_BUCKETS];
        long[] tls = new long[TlsOutcome.values().length];
        for (Loop l : loops) {
            accepted += l.accepted;
            handled += l.handled;
            acceptFailures += l.acceptFailures;
            requests += l.requests;
            closed += l.tunnelsClosed;
            mIn += l.messagesIn;
            mOut += l.messagesOut;
            bIn += l.bytesIn;
            bOut += l.bytesOut;
            limits += l.limitRejections;
            denied += l.accessDenied;
            auth += l.authFailures;
            for (int i = 0; i < status.length; i++) {
                status[i] += l.statusClass[i];
            }
            for (int i = 0; i < hs.length; i++) {
                hs[i] += l.handshakes[i];
            }
            for (int i = 0; i < tls.length; i++) {
                tls[i] += l.tlsHandshakes[i];
            }
            for (int s = 0; s < SIDES.length; s++) {
                for (int c = 0; c < CODE_BUCKETS; c++) {
                    codes[s][c] += l.closeCodes[s][c];
                }
            }
        }
        return new Totals(accepted, handled, requests, status, hs, closed, mIn, mOut, bIn, bOut, codes, limits,
                denied, auth, tls, acceptFailures);
    }
}
