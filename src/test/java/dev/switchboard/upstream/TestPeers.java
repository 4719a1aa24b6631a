package dev.switchboard.upstream;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.UnaryOperator;

/** Builders and drivers shared by the balancer tests. */
final class TestPeers {

    private TestPeers() {
    }

    /** A controllable clock, starting at second 1000. */
    static final class FakeClock implements SecondsClock {
        long now = 1000;

        @Override
        public long nowSeconds() {
            return now;
        }
    }

    /** A peer whose server text is {@code host:port} (IP literal, no DNS). */
    static PeerSpec spec(String server) {
        int colon = server.lastIndexOf(':');
        return PeerSpec.of(server, new InetSocketAddress(server.substring(0, colon),
                Integer.parseInt(server.substring(colon + 1))));
    }

    /** A peer with an explicit server text and address, as for a name with several A records. */
    static PeerSpec spec(String server, String ip, int port) {
        return PeerSpec.of(server, new InetSocketAddress(ip, port));
    }

    static PeerSpec spec(String server, UnaryOperator<PeerSpec> tweak) {
        return tweak.apply(spec(server));
    }

    static PeerGroup group(FakeClock clock, PeerSpec... specs) {
        return PeerGroup.of("backend", List.of(specs), clock);
    }

    /** Three servers 10.0.0.1-3:8080 with default parameters, as in the reference vectors. */
    static PeerGroup threeServers(FakeClock clock) {
        return group(clock, spec("10.0.0.1:8080"), spec("10.0.0.2:8080"), spec("10.0.0.3:8080"));
    }

    /** One request that succeeds on its first pick; returns the peer's server text (null if busy). */
    static String pickOk(Balancer balancer, SelectionKey key) {
        Selection s = balancer.select(key);
        Peer p = s.next();
        if (p == null) {
            return null;
        }
        s.release(p, false);
        return p.server();
    }

    static String pickOk(Balancer balancer) {
        return pickOk(balancer, SelectionKey.none());
    }

    /** The host part of the address of a peer: tells apart addresses sharing a server text. */
    static String ip(Peer p) {
        return p == null ? null : p.address().getAddress().getHostAddress();
    }
}
