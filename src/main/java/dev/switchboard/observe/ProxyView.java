package dev.switchboard.observe;

import dev.switchboard.upstream.PeerSnapshot;
import dev.switchboard.websocket.TunnelCounters;

import java.util.List;
import java.util.Map;

/**
 * What the running proxy shows the observe endpoints, read when scraped: the server package implements it over its
 * connection registry, event loops and current configuration generation.
 */
public interface ProxyView {

    /** nginx's stub_status connection states: open now, reading a request head, writing a response, idle. */
    record ConnectionStates(int active, int reading, int writing, int waiting) {
    }

    /** One open WebSocket (or other upgraded) session. */
    record TunnelInfo(long connectionId, String client, String backend, String server, String upstream,
                      long startedMillis, TunnelCounters counters) {
    }

    ConnectionStates connections();

    List<TunnelInfo> tunnels();

    /** Open HTTP (not upgraded) connections per server name. */
    Map<String, Integer> httpConnectionsByServer();

    /** The peers of every named upstream of the current configuration, in config order. */
    Map<String, List<PeerSnapshot>> upstreams();

    /** Tasks waiting in each event loop's queue. */
    List<Integer> pendingTasks();
}
