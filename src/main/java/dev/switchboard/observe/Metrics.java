package dev.switchboard.observe;

import dev.switchboard.config.RawText;
import dev.switchboard.upstream.PeerSnapshot;
import dev.switchboard.vars.AddressFormat;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus view of one running proxy. Everything except the upstream response-time histogram is computed at
 * scrape time from {@link Stats} and the {@link ProxyView}, so serving traffic costs no more than the plain field
 * increments. Labels are bounded by the configuration (upstream, peer, server) and by fixed sets (status class,
 * handshake outcome, close-code bucket, side): never per client.
 */
final class Metrics implements MultiCollector {

    private final Stats stats;
    private final ProxyView view;
    private final AccessLogWriter accessLog;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    final Histogram upstreamTime;

    Metrics(Stats stats, ProxyView view, AccessLogWriter accessLog) {
        this.stats = stats;
        this.view = view;
        this.accessLog = accessLog;
        registry.register(this);
        upstreamTime = Histogram.builder().name("switchboard_upstream_response_seconds")
                .help("Time from connecting to an upstream peer to the end of its response (or the 101 handshake)")
                .labelNames("upstream", "peer").classicOnly()
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** The text exposition (format 0.0.4). */
    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    @Override
    public MetricSnapshots collect() {
        Stats.Totals t = stats.totals();
        ProxyView.ConnectionStates c = view.connections();
        List<ProxyView.TunnelInfo> tunnels = view.tunnels();
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(counter("switchboard_connections_accepted", "Client connections accepted", t.accepted()));
        out.add(counter("switchboard_connections_handled", "Client connections handled (accepted and not refused "
                + "by worker_connections or for want of file descriptors)", t.handled()));
        out.add(counter("switchboard_accept_failures", "Failed accept() calls on listening sockets (EMFILE: out of "
                + "file descriptors); each refuses the pending connections and pauses accepting for 100 ms", t.acceptFailures()));
        GaugeSnapshot.Builder states = GaugeSnapshot.builder().name("switchboard_connections")
                .help("Open client connections by state, as stub_status counts them (upgraded ones are writing)");
        states.dataPoint(gauge(c.reading(), "state", "reading"));
        states.dataPoint(gauge(c.writing(), "state", "writing"));
        states.dataPoint(gauge(c.waiting(), "state", "waiting"));
        out.add(states.build());
        out.add(gaugeOf("switchboard_connections_active", "Open client connections", c.active()));
        out.add(counter("switchboard_requests", "Client requests read", t.requests()));
        CounterSnapshot.Builder byStatus = CounterSnapshot.builder().name("switchboard_responses")
                .help("Responses by status class (the status logged, 101 for upgraded connections)");
        String[] classes = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
        for (int i = 0; i < classes.length; i++) {
            byStatus.dataPoint(counterPoint(t.statusClass()[i], "status", classes[i]));
        }
        out.add(byStatus.build());
        CounterSnapshot.Builder hs = CounterSnapshot.builder().name("switchboard_websocket_handshakes")
                .help("WebSocket handshakes by outcome");
        for (int i = 0; i < Stats.HANDSHAKES.length; i++) {
            hs.dataPoint(counterPoint(t.handshakes()[i], "outcome", Stats.HANDSHAKES[i]));
        }
        out.add(hs.build());
        CounterSnapshot.Builder tls = CounterSnapshot.builder().name("switchboard_tls_handshakes")
                .help("TLS handshakes on ssl addresses by outcome (plain_http: a plain HTTP request answered 497)");
        for (Stats.TlsOutcome o : Stats.TlsOutcome.values()) {
            tls.dataPoint(counterPoint(t.tlsHandshakes()[o.ordinal()], "outcome", o.label));
        }
        out.add(tls.build());
        out.add(gaugeOf("switchboard_websocket_open", "Open WebSocket (upgraded) connections", tunnels.size()));
        long mIn = t.messagesIn(), mOut = t.messagesOut(), bIn = t.bytesIn(), bOut = t.bytesOut();
        for (ProxyView.TunnelInfo ti : tunnels) {
            mIn += ti.counters().messagesFromClient();
            mOut += ti.counters().messagesFromBackend();
            bIn += ti.counters().bytesFromClient();
            bOut += ti.counters().bytesFromBackend();
        }
        out.add(CounterSnapshot.builder().name("switchboard_websocket_messages")
                .help("WebSocket messages relayed; in: from clients, out: from backends")
                .dataPoint(counterPoint(mIn, "direction", "in")).dataPoint(counterPoint(mOut, "direction", "out"))
                .build());
        out.add(CounterSnapshot.builder().name("switchboard_websocket_bytes")
                .help("Bytes relayed on upgraded connections (frame headers included); in: from clients, out: "
                        + "from backends")
                .dataPoint(counterPoint(bIn, "direction", "in")).dataPoint(counterPoint(bOut, "direction", "out"))
                .build());
        out.add(counter("switchboard_websocket_closed", "Upgraded connections ended", t.tunnelsClosed()));
        CounterSnapshot.Builder codes = CounterSnapshot.builder().name("switchboard_websocket_close")
                .help("Ended WebSocket sessions by the side that closed first and the close code "
                        + "(1006: the side vanished without a close frame)");
        for (int s = 0; s < Stats.SIDES.length; s++) {
            for (int k = 0; k < Stats.CODE_BUCKETS; k++) {
                if (t.closeCodes()[s][k] > 0) {
                    codes.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(t.closeCodes()[s][k])
                            .labels(Labels.of("by", Stats.SIDES[s], "code", Stats.CODE_LABELS[k])).build());
                }
            }
        }
        out.add(codes.build());
        out.add(counter("switchboard_limit_rejections", "Requests rejected by limit_conn or limit_req",
                t.limitRejections()));
        out.add(counter("switchboard_access_denied", "Requests denied by allow/deny (403)", t.accessDenied()));
        out.add(counter("switchboard_auth_failures", "Requests refused by auth_basic (401)", t.authFailures()));
        out.add(counter("switchboard_access_log_dropped", "Access log lines dropped because the writer queue was "
                + "full or the file could not be written", accessLog.dropped()));
        out.add(counter("switchboard_access_log_written", "Access log lines written", accessLog.written()));
        GaugeSnapshot.Builder pending = GaugeSnapshot.builder().name("switchboard_event_loop_pending_tasks")
                .help("Tasks waiting in each event loop's queue");
        List<Integer> tasks = view.pendingTasks();
        for (int i = 0; i < tasks.size(); i++) {
            pending.dataPoint(gauge(tasks.get(i), "loop", Integer.toString(i)));
        }
        out.add(pending.build());
        upstreams(out);
        return new MetricSnapshots(out);
    }

    private void upstreams(List<MetricSnapshot> out) {
        GaugeSnapshot.Builder state = GaugeSnapshot.builder().name("switchboard_upstream_peer_up")
                .help("1 when the peer is eligible (not down, not failed, not unhealthy)");
        GaugeSnapshot.Builder st = GaugeSnapshot.builder().name("switchboard_upstream_peer_state")
                .help("The peer's state: 1 for the current one of up, down, failed (passive), unhealthy (active)");
        GaugeSnapshot.Builder conns = GaugeSnapshot.builder().name("switchboard_upstream_peer_connections")
                .help("Connections holding the peer now (proxied requests and WebSocket sessions)");
        CounterSnapshot.Builder picks = CounterSnapshot.builder().name("switchboard_upstream_peer_picks")
                .help("Times the balancer picked the peer");
        CounterSnapshot.Builder fails = CounterSnapshot.builder().name("switchboard_upstream_peer_failures")
                .help("Attempts on the peer that failed (counted towards max_fails)");
        CounterSnapshot.Builder checks = CounterSnapshot.builder().name("switchboard_upstream_peer_health_checks")
                .help("Active health checks on the peer by result");
        for (Map.Entry<String, List<PeerSnapshot>> e : view.upstreams().entrySet()) {
            for (PeerSnapshot p : e.getValue()) {
                Labels l = Labels.of("upstream", RawText.toUnicode(e.getKey()), "peer", peerName(p));
                boolean unhealthy = p.health() == PeerSnapshot.Health.UNHEALTHY;
                boolean up = p.state() == PeerSnapshot.State.UP && !unhealthy;
                state.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(up ? 1 : 0).labels(l).build());
                String current = unhealthy ? "unhealthy" : p.state().name().toLowerCase(java.util.Locale.ROOT);
                for (String s : new String[]{"up", "down", "failed", "unhealthy"}) {
                    st.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(s.equals(current) ? 1 : 0)
                            .labels(l.add("state", s)).build());
                }
                conns.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(p.conns()).labels(l).build());
                picks.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(p.picks()).labels(l)
                        .build());
                fails.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(p.failures()).labels(l)
                        .build());
                if (p.health() != PeerSnapshot.Health.UNCHECKED) {
                    checks.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .value(p.healthChecks() - p.healthCheckFailures()).labels(l.add("result", "pass"))
                            .build());
                    checks.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .value(p.healthCheckFailures()).labels(l.add("result", "fail")).build());
                }
            }
        }
        out.add(state.build());
        out.add(st.build());
        out.add(conns.build());
        out.add(picks.build());
        out.add(fails.build());
        out.add(checks.build());
    }

    /** A peer's label: its resolved address as nginx's $upstream_addr shows it. */
    static String peerName(PeerSnapshot p) {
        return AddressFormat.withPort(p.address());
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    private static CounterSnapshot.CounterDataPointSnapshot counterPoint(long value, String label, String v) {
        return CounterSnapshot.CounterDataPointSnapshot.builder().value(value).labels(Labels.of(label, v)).build();
    }

    private static GaugeSnapshot gaugeOf(String name, String help, long value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot gauge(long value, String label, String v) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(label, v)).build();
    }
}
