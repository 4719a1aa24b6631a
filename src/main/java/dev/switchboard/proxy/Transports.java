package dev.switchboard.proxy;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Makes the outbound socket channel matching the transport of an accepted client channel. */
final class Transports {

    private Transports() {
    }

    /** A new, unregistered outbound socket channel of the client channel's transport. */
    static Channel newSocketChannel(Channel client) {
        return isEpoll(client) ? new EpollSocketChannel() : new NioSocketChannel();
    }

    private static boolean isEpoll(Channel client) {
        return client.getClass().getName().startsWith("io.netty.channel.epoll.");
    }
}
