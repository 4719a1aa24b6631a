package dev.switchboard.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
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
    private final List<Channel> listeners = new ArrayList<>();
    private final ChannelInitializers initializer;
    private final Path pidFile;

    private Switchboard(Runtime runtime, Path prefix) {
        this.current = new AtomicReference<>(runtime);
        this.loops = new EventLoops(runtime.eventLoops());
        this.initializer = new ChannelInitializers(current::get);
        this.pidFile = runtime.pidFile() == null ? null : prefix.resolve(runtime.pidFile());
    }

    /** Starts serving a loaded configuration; fails (and releases what it took) if an address cannot be bound. */
    public static Switchboard start(Runtime runtime, Path prefix) {
        Switchboard s = new Switchboard(runtime, prefix);
        try {
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
            InetSocketAddress address = binding.address();
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(loops.group())
                    .channel(loops.serverChannelClass())
                    .option(ChannelOption.SO_BACKLOG, binding.backlog())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                    .childHandler(initializer);
            Channel channel;
            try {
                channel = bootstrap.bind(address).syncUninterruptibly().channel();
            } catch (Exception e) {
                throw new IllegalStateException("bind() to " + address + " failed (" + e.getMessage() + ")", e);
            }
            listeners.add(channel);
            log.info("listening on {}{} ({} transport, {} event loop(s))", channel.localAddress(),
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
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("open() \"" + pidFile + "\" failed (" + e.getMessage() + ")", e);
        }
    }

    /** The addresses actually bound (useful with port 0 in tests). */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel c : listeners) {
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

    @Override
    public void close() {
        for (Channel c : listeners) {
            c.close().syncUninterruptibly();
        }
        listeners.clear();
        loops.close();
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // the pid file is advisory
            }
        }
    }
}
