package dev.switchboard.proxy;

import dev.switchboard.http.Exchange;
import dev.switchboard.websocket.Tunnel;
import dev.switchboard.websocket.TunnelSettings;
import dev.switchboard.websocket.WebSocketOptions;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Turns a request answered with 101 into a tunnel, once the 101 has reached the client: the tunnel's relays join
 * both pipelines first, then the HTTP handlers leave (their leftover bytes flow into the relays), then relaying
 * starts. The timeouts come from the location as nginx applies them to upgraded connections.
 */
final class UpgradeHandoff {

    private UpgradeHandoff() {
    }

    static void tunnel(Exchange exchange, ProxyLocation location, Channel upstream, HttpResponse response,
                       Runnable releasePeer) {
        Channel client = exchange.client();
        Tunnel tunnel = Tunnel.install(client, upstream, new TunnelSettings(location.readTimeoutMillis(),
                location.sendTimeoutMillis(), exchange.location().sendTimeoutMillis(),
                WebSocketOptions.of(exchange.location().block().settings(), exchange.request().request(), response),
                exchange.request().connectionId()),
                releasePeer);
        exchange.upgraded();
        upstream.pipeline().remove("response");
        upstream.pipeline().remove("http");
        tunnel.start();
    }
}
