package dev.switchboard.server;

import dev.switchboard.vars.AddressFormat;
import dev.switchboard.websocket.Tunnel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The open client connections and upgraded tunnels of a running proxy, so that shutdown and reload can reach them.
 * Registration happens once per connection (not per message); the sets are concurrent because connections live on
 * several event loops.
 */
final class Connections {

    private static final Logger log = LoggerFactory.getLogger(Connections.class);

    private final Set<ClientConnection> http = ConcurrentHashMap.newKeySet();
    /** The open tunnels, each with what the status page shows of it besides its counters (read live). */
    private final java.util.Map<Tunnel, TunnelMeta> tunnels = new ConcurrentHashMap<>();

    /** The client address is formatted when shown, not kept as a string by every idle tunnel. */
    record TunnelMeta(long connectionId, String server, String upstream, long startedMillis) {
    }

    /** Registers a tunnel with what the status page shows of it, until its client channel closes. */
    void add(Tunnel tunnel, TunnelMeta info) {
        tunnels.put(tunnel, info);
        tunnel.clientChannel().closeFuture().addListener(f -> tunnels.remove(tunnel));
    }

    /** The open tunnels for observe endpoints (counters read now). */
    List<dev.switchboard.observe.ProxyView.TunnelInfo> tunnelInfos() {
        List<dev.switchboard.observe.ProxyView.TunnelInfo> out = new ArrayList<>();
        for (java.util.Map.Entry<Tunnel, TunnelMeta> e : tunnels.entrySet()) {
            Tunnel t = e.getKey();
            TunnelMeta m = e.getValue();
            String backend = AddressFormat.withPort(t.backendAddress());
            String client = AddressFormat.withPort(t.clientChannel().remoteAddress());
            out.add(new dev.switchboard.observe.ProxyView.TunnelInfo(m.connectionId(), client, backend,
                    m.server(), m.upstream(), m.startedMillis(), t.counters()));
        }
        return out;
    }

    /** Open HTTP connections by state (stub_status) and by server. */
    Set<ClientConnection> httpConnections() {
        return http;
    }

    void add(ClientConnection connection) {
        http.add(connection);
    }

    void remove(ClientConnection connection) {
        http.remove(connection);
    }

    int openTunnels() {
        return tunnels.size();
    }

    int openHttp() {
        return http.size();
    }

    boolean isEmpty() {
        return http.isEmpty() && tunnels.isEmpty();
    }

    /** Lets HTTP connections finish their current response, then close; idle ones close now. */
    void drainHttp() {
        http.forEach(ClientConnection::drain);
    }

    /**
     * Sends Close 1001 to the selected tunnels, spread evenly over {@code windowMillis} so that thousands of clients
     * do not all reconnect in the same second. Returns how many were scheduled.
     */
    int drainTunnels(long windowMillis, String reason, Predicate<Tunnel> which) {
        List<Tunnel> chosen = new ArrayList<>();
        for (Tunnel t : tunnels.keySet()) {
            if (which.test(t)) {
                chosen.add(t);
            }
        }
        int n = chosen.size();
        for (int i = 0; i < n; i++) {
            Tunnel t = chosen.get(i);
            long delay = n <= 1 ? 0 : windowMillis * i / n;
            if (delay == 0) {
                t.goAway(reason);
            } else {
                t.clientChannel().eventLoop().schedule(() -> t.goAway(reason), delay, TimeUnit.MILLISECONDS);
            }
        }
        if (n > 0) {
            log.info("closing {} WebSocket connection(s) with 1001 \"{}\" over {} ms", n, reason, windowMillis);
        }
        return n;
    }

    /**
     * Tunnels to a backend that was a live peer before and is not one now (removed by a reload or marked down).
     * Tunnels to addresses that were never upstream peers (a proxy_pass with variables) are left alone.
     */
    static Predicate<Tunnel> backendRemoved(Set<? extends SocketAddress> before, Set<? extends SocketAddress> now) {
        return t -> before.contains(t.backendAddress()) && !now.contains(t.backendAddress());
    }
}
