package dev.switchboard.proxy;

import dev.switchboard.vars.RequestContext;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;

/**
 * TLS towards a backend for {@code proxy_pass https://}: supplies the first handler of each upstream channel.
 * Implemented by the tls package from the {@code proxy_ssl_*} settings of the location.
 */
@FunctionalInterface
public interface UpstreamTls {

    /**
     * @param proxyHost the host part of proxy_pass ({@code $proxy_host} without the port)
     * @param port      the peer's port
     */
    ChannelHandler newHandler(ByteBufAllocator alloc, String proxyHost, int port, RequestContext request);
}
