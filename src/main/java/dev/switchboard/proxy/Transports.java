package dev.switchboard.proxy;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Picks the outbound socket channel type matching the transport of an accepted client channel. */
final class Transports {

    private Transports() {
    }

    static Class<? extends Channel> socketChannelFor(Channel client) {
        return client.getClass().getName().startsWith("io.netty.channel.epoll.")
                ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
