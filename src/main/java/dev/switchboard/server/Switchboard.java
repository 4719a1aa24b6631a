package dev.switchboard.server;

import dev.switchboard.config.RawText;
import dev.switchboard.proxy.Backpressure;
import dev.switchboard.vars.AddressFormat;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running proxy: the event loops, the bound listeners and the current configuration generation.
 * {@link #start} binds every listen address; {@link #close} stops accepting and closes everything.
 */
public final class Switchboard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Switchboard.class);

    private final AtomicReference<Runtime> current;
    private final EventLoops loops;
    private final java.util.Map<InetSocketAddress, Channel> listeners = new java.util.LinkedHashMap<>();
    private final Connections connections = new Connections();
    private final ChannelInitializers initializer;
    private final Path pidFile;
    private final dev.switchboard.observe.Observatory observatory;
    /** The descriptor kept in reserve to refuse connections at the open-file cap (see {@link AcceptBackoff}). */
    private final SpareDescriptor spare = new SpareDescriptor();

    private Switchboard(Runtime runtime, Path prefix) {
        this.current = new AtomicReference<>(runtime);
        this.loops = new EventLoops(runtime.eventLoops());
        this.observatory = new dev.switchboard.observe.Observatory(new View());
        this.initializer = new ChannelInitializers(current::get, connections, observatory);
        this.pidFile = runtime.pidFile() == null ? null : prefix.resolve(RawText.toUnicode(runtime.pidFile()));
    }

    /** Starts serving a loaded configuration; fails (and releases what it took) if an address cannot be bound. */
    public static Switchboard start(Runtime runtime, Path prefix) {
        Switchboard s = new Switchboard(runtime, prefix);
        try {
            runtime.healthChecks().start(s.loops.group(), s.loops.socketChannelClass());
            runtime.resolvers().start(s.loops.group(), s.loops.datagramChannelClass());
            s.bindAll();
            s.writePid();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void bindAll() {
        Runtime runtime = current.get();
        if (runtime.addresses().stream().anyMatch(h -> h.tls() != null)) {
            log.info("TLS engine: {}", dev.switchboard.tls.TlsEngine.describe());
        }
        for (Runtime.Binding binding : runtime.bindings()) {
            bind(binding, runtime);
        }
    }

    private void bind(Runtime.Binding binding, Runtime runtime) {
        {
            InetSocketAddress address = binding.address();
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(loops.group())
                    .channel(loops.serverChannelClass())
                    .option(ChannelOption.SO_BACKLOG, binding.backlog())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .attr(dev.switchboard.observe.Observatory.KEY, observatory)
                    .handler(new AcceptBackoff(observatory.stats(), spare))
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, Backpressure.WATERMARKS)
                    .childHandler(initializer);
            Channel channel;
            try {
                channel = bootstrap.bind(address).syncUninterruptibly().channel();
            } catch (Exception e) {
                throw new IllegalStateException("bind() to " + address + " failed (" + e.getMessage() + ")", e);
            }
            listeners.put(address, channel);
            log.info("listening on {}{} ({} transport, {} event loop(s))",
                    AddressFormat.withPort(channel.localAddress()),
                    tlsOn(runtime, address) ? " ssl" : "", loops.transportName(), runtime.eventLoops());
        }
    }

    private static boolean tlsOn(Runtime runtime, InetSocketAddress address) {
        return runtime.addresses().stream().anyMatch(h -> h.port() == address.getPort() && h.tls() != null);
    }

    private void writePid() {
        if (pidFile == null) {
            return;
        }
        try {
            if (pidFile.getParent() != null) {
                Files.createDirectories(pidFile.getParent());
            }
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("open() \"" + pidFile + "\" failed (" + e.getMessage() + ")", e);
        }
    }

    /** The addresses actually bound (useful with port 0 in tests). */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel c : listeners.values()) {
            out.add((InetSocketAddress) c.localAddress());
        }
        return out;
    }

    /** The first bound port. */
    public int port() {
        return boundAddresses().get(0).getPort();
    }

    public Runtime runtime() {
        return current.get();
    }

    /**
     * Switches to a new configuration generation: listeners for new addresses are bound and those no longer
     * configured are closed (the others keep accepting, now with the new generation); open connections keep the
     * generation they started with, except tunnels to backends the new configuration removed or marked down, which
     * are drained over {@code websocket_drain_timeout}. If binding a new address fails, nothing changes.
     */
    public synchronized void reload(Runtime next) {
        Runtime previous = current.get();
        java.util.Map<InetSocketAddress, Runtime.Binding> wanted = new java.util.LinkedHashMap<>();
        next.bindings().forEach(b -> wanted.put(b.address(), b));
        List<InetSocketAddress> added = new ArrayList<>();
        try {
            for (Runtime.Binding b : wanted.values()) {
                if (!listeners.containsKey(b.address())) {
                    bind(b, next);
                    added.add(b.address());
                }
            }
        } catch (RuntimeException e) {
            added.forEach(a -> listeners.remove(a).close());
            throw e;
        }
        next.healthChecks().start(loops.group(), loops.socketChannelClass());
        next.resolvers().start(loops.group(), loops.datagramChannelClass());
        current.set(next);
        previous.healthChecks().close();
        // peers found by resolve are governed by DNS, not by the configuration: a reload does not drain them
        java.util.Set<InetSocketAddress> live = new java.util.HashSet<>(next.livePeers());
        live.addAll(previous.resolvers().currentAddresses());
        previous.resolvers().close();
        previous.upstreams().values().stream().filter(g -> g.keepalive() != null)
                .forEach(g -> g.keepalive().closeIdle());
        for (InetSocketAddress address : new ArrayList<>(listeners.keySet())) {
            if (!wanted.containsKey(address)) {
                listeners.remove(address).close();
                log.info("stopped listening on {}", address);
            }
        }
        connections.drainTunnels(next.drainTimeoutMillis(), "backend removed",
                Connections.backendRemoved(previous.livePeers(), live));
        log.info("reconfigured: {} listener(s), {} open WebSocket connection(s) kept", listeners.size(),
                connections.openTunnels());
    }

    /**
     * Graceful quit: stops accepting, lets HTTP requests in flight finish, closes open WebSockets with Close 1001
     * "going away" spread evenly over {@code windowMillis} (0 closes them all at once), waits until everything is
     * closed or the window plus a grace period has passed, then releases everything.
     */
    public void drainAndClose(long windowMillis) {
        closeListeners();
        connections.drainHttp();
        connections.drainTunnels(windowMillis, "going away", t -> true);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(windowMillis + 3_000);
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!connections.isEmpty()) {
            log.warn("{} HTTP and {} WebSocket connection(s) still open after the drain window; closing them",
                    connections.openHttp(), connections.openTunnels());
        }
        close();
    }

    /** What the observe endpoints see of this proxy, read when they are asked. */
    private final class View implements dev.switchboard.observe.ProxyView {

        @Override
        public ConnectionStates connections() {
            int reading = 0;
            int writing = 0;
            int waiting = 0;
            for (ClientConnection c : connections.httpConnections()) {
                switch (c.state()) {
                    case 'r' -> reading++;
                    case 'w' -> writing++;
                    default -> waiting++;
                }
            }
            writing += connections.openTunnels();
            return new ConnectionStates(reading + writing + waiting, reading, writing, waiting);
        }

        @Override
        public List<TunnelInfo> tunnels() {
            return connections.tunnelInfos();
        }

        @Override
        public java.util.Map<String, Integer> httpConnectionsByServer() {
            java.util.Map<String, Integer> out = new java.util.HashMap<>();
            for (ClientConnection c : connections.httpConnections()) {
                out.merge(c.serverLabel(), 1, Integer::sum);
            }
            return out;
        }

        @Override
        public java.util.Map<String, List<dev.switchboard.upstream.PeerSnapshot>> upstreams() {
            java.util.Map<String, List<dev.switchboard.upstream.PeerSnapshot>> out = new java.util.LinkedHashMap<>();
            current.get().upstreams().forEach((name, group) -> out.put(name, group.balancer().group().snapshots()));
            return out;
        }

        @Override
        public List<Integer> pendingTasks() {
            List<Integer> out = new ArrayList<>();
            for (io.netty.util.concurrent.EventExecutor e : loops.group()) {
                out.add(e instanceof io.netty.util.concurrent.SingleThreadEventExecutor s ? s.pendingTasks() : 0);
            }
            return out;
        }
    }

    /** Open upgraded connections now. */
    public int openTunnels() {
        return connections.openTunnels();
    }

    private synchronized void closeListeners() {
        for (Channel c : listeners.values()) {
            c.close().syncUninterruptibly();
        }
        listeners.clear();
    }

    @Override
    public void close() {
        current.get().healthChecks().close();
        current.get().resolvers().close();
        closeListeners();
        loops.close();
        observatory.close();
        spare.close();
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // the pid file is advisory
            }
        }
    }
}
