package dev.switchboard.observe;

import dev.switchboard.upstream.PeerSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The JSON twin of the status page ({@code /status?format=json}, {@code /status.json}), for people's scripts. */
final class StatusJson {

    /** How many connections the longest-lived and busiest tables list. */
    static final int TOP = 10;

    private StatusJson() {
    }

    static String render(Observatory o) {
        Stats.Totals t = o.stats().totals();
        ProxyView view = o.view();
        ProxyView.ConnectionStates c = view.connections();
        List<ProxyView.TunnelInfo> tunnels = view.tunnels();
        long now = System.currentTimeMillis();
        StringBuilder j = new StringBuilder(4096);
        j.append("{\"time\":").append(now).append(",\"started\":").append(o.startedMillis());
        j.append(",\"connections\":{\"active\":").append(c.active()).append(",\"reading\":").append(c.reading())
                .append(",\"writing\":").append(c.writing()).append(",\"waiting\":").append(c.waiting())
                .append(",\"accepted\":").append(t.accepted()).append(",\"handled\":").append(t.handled())
                .append("},\"requests\":").append(t.requests());
        j.append(",\"responses\":{");
        String[] classes = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
        for (int i = 0; i < classes.length; i++) {
            j.append(i == 0 ? "" : ",").append('"').append(classes[i]).append("\":").append(t.statusClass()[i]);
        }
        long mIn = t.messagesIn(), mOut = t.messagesOut(), bIn = t.bytesIn(), bOut = t.bytesOut();
        for (ProxyView.TunnelInfo ti : tunnels) {
            mIn += ti.counters().messagesFromClient();
            mOut += ti.counters().messagesFromBackend();
            bIn += ti.counters().bytesFromClient();
            bOut += ti.counters().bytesFromBackend();
        }
        j.append("},\"websocket\":{\"open\":").append(tunnels.size()).append(",\"closed\":")
                .append(t.tunnelsClosed()).append(",\"messages_in\":").append(mIn).append(",\"messages_out\":")
                .append(mOut).append(",\"bytes_in\":").append(bIn).append(",\"bytes_out\":").append(bOut);
        j.append(",\"handshakes\":{");
        for (int i = 0; i < Stats.HANDSHAKES.length; i++) {
            j.append(i == 0 ? "" : ",").append('"').append(Stats.HANDSHAKES[i]).append("\":")
                    .append(t.handshakes()[i]);
        }
        j.append("},\"close_codes\":[");
        boolean first = true;
        for (int s = 0; s < Stats.SIDES.length; s++) {
            for (int k = 0; k < Stats.CODE_BUCKETS; k++) {
                long n = t.closeCodes()[s][k];
                if (n > 0) {
                    j.append(first ? "" : ",").append("{\"by\":\"").append(Stats.SIDES[s]).append("\",\"code\":\"")
                            .append(Stats.CODE_LABELS[k]).append("\",\"count\":").append(n).append('}');
                    first = false;
                }
            }
        }
        j.append("]},\"limit_rejections\":").append(t.limitRejections());
        j.append(",\"tls_handshakes\":{");
        for (Stats.TlsOutcome out : Stats.TlsOutcome.values()) {
            j.append(out.ordinal() == 0 ? "" : ",").append('"').append(out.label).append("\":")
                    .append(t.tlsHandshakes()[out.ordinal()]);
        }
        j.append('}');
        j.append(",\"access_log\":{\"written\":").append(o.accessLog().written()).append(",\"dropped\":")
                .append(o.accessLog().dropped()).append('}');
        servers(j, view, tunnels);
        upstreams(j, view, tunnels);
        j.append(",\"longest\":");
        top(j, tunnels, Comparator.comparingLong(ProxyView.TunnelInfo::startedMillis), now);
        j.append(",\"busiest\":");
        top(j, tunnels, Comparator.comparingLong((ProxyView.TunnelInfo ti) -> ti.counters().messagesFromClient()
                + ti.counters().messagesFromBackend()).reversed(), now);
        j.append('}');
        return j.toString();
    }

    private static void servers(StringBuilder j, ProxyView view, List<ProxyView.TunnelInfo> tunnels) {
        Map<String, Integer> http = new java.util.TreeMap<>(view.httpConnectionsByServer());
        Map<String, Integer> ws = new java.util.TreeMap<>();
        for (ProxyView.TunnelInfo ti : tunnels) {
            ws.merge(ti.server(), 1, Integer::sum);
            http.putIfAbsent(ti.server(), 0);
        }
        j.append(",\"servers\":[");
        boolean first = true;
        for (Map.Entry<String, Integer> e : http.entrySet()) {
            j.append(first ? "" : ",").append("{\"name\":");
            str(j, e.getKey());
            j.append(",\"http\":").append(e.getValue()).append(",\"websocket\":")
                    .append(ws.getOrDefault(e.getKey(), 0)).append('}');
            first = false;
        }
        j.append(']');
    }

    private static void upstreams(StringBuilder j, ProxyView view, List<ProxyView.TunnelInfo> tunnels) {
        j.append(",\"upstreams\":[");
        boolean firstGroup = true;
        for (Map.Entry<String, List<PeerSnapshot>> e : view.upstreams().entrySet()) {
            j.append(firstGroup ? "" : ",").append("{\"name\":");
            str(j, e.getKey());
            j.append(",\"peers\":[");
            boolean first = true;
            for (PeerSnapshot p : e.getValue()) {
                String addr = Metrics.peerName(p);
                long ws = tunnels.stream().filter(ti -> addr.equals(ti.backend())).count();
                j.append(first ? "" : ",").append("{\"server\":");
                str(j, p.server());
                j.append(",\"address\":");
                str(j, addr);
                j.append(",\"state\":\"").append(p.state().name().toLowerCase(java.util.Locale.ROOT))
                        .append("\",\"health\":\"").append(p.health().name().toLowerCase(java.util.Locale.ROOT))
                        .append("\",\"connections\":").append(p.conns()).append(",\"websockets\":").append(ws)
                        .append(",\"picks\":").append(p.picks()).append(",\"failures\":").append(p.failures())
                        .append(",\"health_checks\":").append(p.healthChecks()).append(",\"health_check_failures\":")
                        .append(p.healthCheckFailures()).append('}');
                first = false;
            }
            j.append("]}");
            firstGroup = false;
        }
        j.append(']');
    }

    private static void top(StringBuilder j, List<ProxyView.TunnelInfo> tunnels,
                            Comparator<ProxyView.TunnelInfo> order, long now) {
        List<ProxyView.TunnelInfo> sorted = new ArrayList<>(tunnels);
        sorted.sort(order);
        j.append('[');
        for (int i = 0; i < Math.min(TOP, sorted.size()); i++) {
            ProxyView.TunnelInfo ti = sorted.get(i);
            j.append(i == 0 ? "" : ",").append("{\"connection\":").append(ti.connectionId()).append(",\"client\":");
            str(j, ti.client());
            j.append(",\"backend\":");
            str(j, ti.backend());
            j.append(",\"server\":");
            str(j, ti.server());
            j.append(",\"upstream\":");
            str(j, ti.upstream());
            j.append(",\"age_ms\":").append(now - ti.startedMillis())
                    .append(",\"messages_in\":").append(ti.counters().messagesFromClient())
                    .append(",\"messages_out\":").append(ti.counters().messagesFromBackend())
                    .append(",\"bytes_in\":").append(ti.counters().bytesFromClient())
                    .append(",\"bytes_out\":").append(ti.counters().bytesFromBackend()).append('}');
        }
        j.append(']');
    }

    static void str(StringBuilder j, String s) {
        if (s == null) {
            j.append("null");
            return;
        }
        j.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                j.append('\\').append(c);
            } else if (c < 0x20) {
                j.append(String.format("\\u%04x", (int) c));
            } else {
                j.append(c);
            }
        }
        j.append('"');
    }
}
