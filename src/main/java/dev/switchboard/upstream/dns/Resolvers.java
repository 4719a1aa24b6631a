package dev.switchboard.upstream.dns;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@link UpstreamResolver}s of one configuration generation: started with it on the shared event loops (each
 * upstream on one loop), stopped when the generation is retired or the proxy closes.
 */
public final class Resolvers implements AutoCloseable {

    /** A generation without {@code resolve} servers. */
    public static final Resolvers NONE = new Resolvers(List.of());

    private final List<UpstreamResolver> resolvers;

    public Resolvers(List<UpstreamResolver> resolvers) {
        this.resolvers = List.copyOf(resolvers);
    }

    public List<UpstreamResolver> resolvers() {
        return resolvers;
    }

    /** Starts every upstream's lookups, spreading the upstreams over the loops. Never blocks. */
    public void start(EventLoopGroup loops, Class<? extends DatagramChannel> channelType) {
        for (UpstreamResolver r : resolvers) {
            r.start(loops.next(), channelType);
        }
    }

    /** Addresses of every peer the resolvers currently manage. */
    public Set<InetSocketAddress> currentAddresses() {
        Set<InetSocketAddress> out = new HashSet<>();
        resolvers.forEach(r -> out.addAll(r.currentAddresses()));
        return out;
    }

    @Override
    public void close() {
        resolvers.forEach(UpstreamResolver::stop);
    }
}
