package dev.switchboard.server;

import dev.switchboard.http.StrictRequestDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.stream.ChunkedWriteHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Assembles the pipeline of each accepted client connection against the configuration generation current at accept
 * time, and enforces the connection cap ({@code worker_connections} per event loop): over the cap a connection is
 * closed at once and counted, and accepting goes on.
 */
final class ChannelInitializers extends ChannelInitializer<Channel> {

    static final String HTTP_CODEC = "http";
    static final String TLS = "tls";
    static final String TLS_HANDSHAKE = "tls-handshake";
    private static final Logger log = LoggerFactory.getLogger(ChannelInitializers.class);
    private static final AtomicLong CONNECTION_IDS = new AtomicLong();

    private final Supplier<Runtime> runtime;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    private final Connections connections;
    private final dev.switchboard.observe.Observatory observatory;

    ChannelInitializers(Supplier<Runtime> runtime, Connections connections,
                        dev.switchboard.observe.Observatory observatory) {
        this.runtime = runtime;
        this.connections = connections;
        this.observatory = observatory;
    }

    @Override
    protected void initChannel(Channel ch) {
        Runtime current = runtime.get();
        int limit = current.workerConnections() * current.eventLoops();
        boolean refuse = open.incrementAndGet() > limit;
        observatory.stats().local().accepted(!refuse);
        if (refuse) {
            open.decrementAndGet();
            long n = refused.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                log.warn("{} worker_connections are not enough, refused {} connection(s) so far", limit, n);
            }
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        VirtualHosts hosts = current.hostsFor((InetSocketAddress) ch.localAddress());
        if (hosts == null) {
            ch.close();
            return;
        }
        VirtualServer first = hosts.defaultServer();
        if (hosts.tls() != null) {
            ch.pipeline().addLast("tls-detect", hosts.tls().plainHttpDetector(TLS, TlsHandshakeCounter.NAME,
                    TLS_HANDSHAKE));
            ch.pipeline().addLast(TLS, hosts.tls().sniHandler());
            ch.pipeline().addLast(TlsHandshakeCounter.NAME, new TlsHandshakeCounter(observatory.stats()));
            ch.pipeline().addLast(TLS_HANDSHAKE, hosts.tls().handshakeObserver());
        }
        ch.pipeline().addLast(ByteCounter.NAME, new ByteCounter());
        ch.pipeline().addLast(HTTP_CODEC, new CombinedChannelDuplexHandler<>(
                new StrictRequestDecoder(first.maxInitialLineLength(), first.maxHeaderSize()),
                new HttpResponseEncoder()));
        if (hosts.tls() != null) {
            // static files cannot go through the TLS engine as file regions; they are written in chunks
            ch.pipeline().addLast("chunked", new ChunkedWriteHandler());
        }
        ch.pipeline().addLast("client", new ClientConnection(current, hosts, hosts.tls() != null,
                CONNECTION_IDS.incrementAndGet(), connections, observatory));
    }

    /** Client connections open now. */
    int openConnections() {
        return open.get();
    }
}
