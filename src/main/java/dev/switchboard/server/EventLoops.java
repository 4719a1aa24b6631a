package dev.switchboard.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.Channel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The shared event loops ({@code worker_processes} of them) on the native epoll transport when it loads, NIO
 * otherwise. Client and backend channels of one connection share a loop, so their state needs no locks.
 */
public final class EventLoops implements AutoCloseable {

    private final EventLoopGroup group;
    private final boolean epoll;

    public EventLoops(int threads) {
        this.epoll = Epoll.isAvailable() && !Boolean.getBoolean("switchboard.nio");
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("switchboard-loop", true),
                factory);
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends ServerChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The client socket channel type of this transport, for connections the proxy opens itself (health checks). */
    public Class<? extends Channel> socketChannelClass() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The datagram channel type of this transport (DNS lookups of {@code resolve}). */
    public Class<? extends io.netty.channel.socket.DatagramChannel> datagramChannelClass() {
        return epoll ? io.netty.channel.epoll.EpollDatagramChannel.class
                : io.netty.channel.socket.nio.NioDatagramChannel.class;
    }

    /** "epoll" or "nio", for the start-up log. */
    public String transportName() {
        return epoll ? "epoll" : "nio";
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
