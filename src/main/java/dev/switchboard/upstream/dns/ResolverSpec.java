package dev.switchboard.upstream.dns;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A {@code resolver} directive: the name servers (asked in order), {@code valid=} (0: use the answers' TTLs) and
 * {@code ipv6=} (nginx's default {@code on} asks for AAAA records too).
 */
public record ResolverSpec(List<InetSocketAddress> servers, long validMillis, boolean ipv6) {

    public ResolverSpec {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a resolver needs at least one address");
        }
    }
}
