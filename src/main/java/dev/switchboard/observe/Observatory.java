package dev.switchboard.observe;

import dev.switchboard.http.HttpLocation;
import dev.switchboard.http.HttpRequestContext;
import dev.switchboard.http.RequestLog;
import dev.switchboard.websocket.Tunnel;
import dev.switchboard.websocket.TunnelCounters;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.util.List;

/**
 * The observe side of one running proxy: its counters, its access log writer, its Prometheus registry and the view
 * of its connections. The server package creates one per {@code Switchboard}, attaches it to every listening channel
 * ({@link #KEY}) so the endpoints find it, and reports each finished request and upgraded session to it.
 */
public final class Observatory implements AutoCloseable {

    /** The attribute of a listening channel that holds its proxy's observatory. */
    public static final AttributeKey<Observatory> KEY = AttributeKey.valueOf("switchboard.observatory");

    private final Stats stats = new Stats();
    private final AccessLogWriter accessLog = new AccessLogWriter();
    private final ProxyView view;
    private final long startedMillis = System.currentTimeMillis();
    /**
     * Built with the observatory, not on first use: registering the JVM metrics loads a native library (a file
     * descriptor), and the first proxied request may come when the process has none left (at the open-file cap).
     */
    private final Metrics metrics;

    public Observatory(ProxyView view) {
        this.view = view;
        this.metrics = new Metrics(stats, view, accessLog);
    }

    /** The observatory of the proxy a client channel was accepted by, or null. */
    public static Observatory of(Channel client) {
        Channel parent = client.parent();
        return parent == null ? null : parent.attr(KEY).get();
    }

    public Stats stats() {
        return stats;
    }

    ProxyView view() {
        return view;
    }

    AccessLogWriter accessLog() {
        return accessLog;
    }

    long startedMillis() {
        return startedMillis;
    }

    Metrics metrics() {
        return metrics;
    }

    /**
     * A request ended (its response written, or the connection lost): counts it and writes its access log lines.
     * Runs on the connection's event loop; a request is logged once.
     *
     * @param location       the level that answered (its access_log settings apply)
     * @param defaultLog     nginx's default access log, for a configuration without access_log
     * @param wantedUpgrade  the request asked for a protocol upgrade (counted as a WebSocket handshake)
     * @param clientGone     the client closed before a response was sent (logged as 499)
     */
    public void requestDone(HttpRequestContext request, HttpLocation location,
                            ObserveSettings.AccessLogSpec defaultLog, boolean wantedUpgrade, boolean clientGone) {
        finish(request.log(), request, accessLogs(location, defaultLog), wantedUpgrade, clientGone);
    }

    /**
     * Whether a request answered at {@code location} writes access log lines. When it does not, an upgraded
     * connection need not keep its request's variables until it closes.
     */
    public boolean writesAccessLog(HttpLocation location, ObserveSettings.AccessLogSpec defaultLog) {
        return !accessLogs(location, defaultLog).isEmpty();
    }

    private static List<ObserveSettings.AccessLogSpec> accessLogs(HttpLocation location,
                                                                  ObserveSettings.AccessLogSpec defaultLog) {
        List<ObserveSettings.AccessLogSpec> specs = location == null ? null
                : location.block().settings().get(ObserveSettings.ACCESS_LOGS);
        if (specs == null) {
            specs = defaultLog == null ? List.of() : List.of(defaultLog);
        }
        return specs;
    }

    /** Counts a request that ended and writes its access log lines ({@code specs} empty when request is null). */
    private void finish(RequestLog log, HttpRequestContext request, List<ObserveSettings.AccessLogSpec> specs,
                        boolean wantedUpgrade, boolean clientGone) {
        if (log.logged) {
            return;
        }
        log.logged = true;
        if (log.status == 0) {
            log.status = clientGone ? 499 : 444;
        }
        Stats.Loop loop = stats.local();
        int cls = log.status / 100;
        loop.statusClass[cls >= 1 && cls <= 5 ? cls : 0]++;
        if (wantedUpgrade && !log.upgraded) {
            int s = log.status;
            loop.handshakes[s == 101 ? Stats.HS_UPGRADED : s == 403 ? Stats.HS_FORBIDDEN
                    : s == 429 || s == 503 && log.attempts().isEmpty() ? Stats.HS_LIMITED
                    : s >= 500 ? Stats.HS_BACKEND_ERROR : Stats.HS_REJECTED]++;
        }
        if (!log.attempts().isEmpty()) {
            Metrics m = metrics();
            for (RequestLog.Attempt a : log.attempts()) {
                if (a.responseMillis >= 0) {
                    m.upstreamTime.labelValues(a.upstream, a.address).observe(a.responseMillis / 1000.0);
                }
            }
        }
        for (ObserveSettings.AccessLogSpec spec : specs) {
            if (spec.condition() != null) {
                String v = spec.condition().evaluate(request);
                if (v.isEmpty() || v.equals("0")) {
                    continue;
                }
            }
            accessLog.offer(spec, spec.format().format(request));
        }
    }

    /** A request was upgraded: the handshake counts now; the session is logged by {@link #sessionDone}. */
    public void upgraded() {
        stats.local().handshakes[Stats.HS_UPGRADED]++;
    }

    /**
     * An upgraded connection ended: fills the session variables, counts what it carried and logs it as 101.
     *
     * @param log     the upgrade request's log record
     * @param request the upgrade request's variables, for the access log lines; null when the location writes
     *                none ({@link #writesAccessLog}), so a tunnel need not keep them for its whole life
     */
    public void sessionDone(Tunnel tunnel, RequestLog log, HttpRequestContext request, HttpLocation location,
                            ObserveSettings.AccessLogSpec defaultLog) {
        log.upgraded = true;
        log.status = 101;
        if (tunnel != null) {
            TunnelCounters c = tunnel.counters();
            log.wsDurationMillis = c.ageMillis();
            log.wsMessagesIn = c.messagesFromClient();
            log.wsMessagesOut = c.messagesFromBackend();
            log.wsBytesIn = c.bytesFromClient();
            log.wsBytesOut = c.bytesFromBackend();
            log.wsCloseBy = tunnel.closeBy();
            log.wsCloseCode = tunnel.closeCode();
            Stats.Loop loop = stats.local();
            loop.tunnelsClosed++;
            loop.messagesIn += c.messagesFromClient();
            loop.messagesOut += c.messagesFromBackend();
            loop.bytesIn += c.bytesFromClient();
            loop.bytesOut += c.bytesFromBackend();
            loop.closeCodes[Stats.sideIndex(tunnel.closeBy())][Stats.codeBucket(tunnel.closeCode())]++;
        }
        finish(log, request, request == null ? List.of() : accessLogs(location, defaultLog), false, false);
    }

    /** The access phase denied a request (allow/deny: 403) or refused its credentials (auth_basic: 401). */
    public void accessRefused(int status) {
        if (status == 401) {
            stats.local().authFailures++;
        } else {
            stats.local().accessDenied++;
        }
    }

    @Override
    public void close() {
        accessLog.close();
    }
}
