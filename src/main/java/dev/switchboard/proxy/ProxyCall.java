package dev.switchboard.proxy;

import dev.switchboard.http.BodySink;
import dev.switchboard.http.Exchange;
import dev.switchboard.upstream.Peer;
import dev.switchboard.upstream.Selection;
import dev.switchboard.websocket.Tunnel;
import dev.switchboard.websocket.TunnelSettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One request forwarded to a backend: picks a peer, connects on the client's event loop (retrying the next peer
 * when the connection fails, as nginx's {@code proxy_next_upstream error timeout}), sends the rewritten head and
 * streams the body, then streams the response back, or on {@code 101 Switching Protocols} hands both channels to a
 * {@link Tunnel}. Flow control: every write to the other side is followed by a read only once it has been flushed.
 */
final class ProxyCall implements BodySink {

    private static final Logger log = LoggerFactory.getLogger(ProxyCall.class);
    /** The most a chunked request body is buffered for an HTTP/1.0 backend. */
    static final long MAX_BUFFERED_BODY = 8L << 20;
    static final WriteBufferWaterMark WATERMARKS = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final Exchange exchange;
    private final ProxyLocation location;
    private final UpstreamGroup group;
    private final Selection selection;
    private final String uri;
    private final boolean clientWantsUpgrade;
    private Peer peer;
    private Channel upstream;
    private ScheduledFuture<?> readTimer;
    private boolean responseHeadSeen;
    private boolean finished;
    private boolean lastFailureWasTimeout;

    ProxyCall(Exchange exchange, ProxyLocation location, UpstreamGroup group, String uri) {
        this.exchange = exchange;
        this.location = location;
        this.group = group;
        this.uri = uri;
        this.selection = group.balancer().select(group.keyFor(exchange.request()));
        HttpRequest request = exchange.request().request();
        this.clientWantsUpgrade = request.headers().contains(HttpHeaderNames.UPGRADE);
    }

    void start() {
        peer = selection.next();
        if (peer == null) {
            log.error("no live upstreams while connecting to upstream \"{}\"", group.name());
            fail(lastFailureWasTimeout ? 504 : 502);
            return;
        }
        connect(peer.address());
    }

    private void connect(InetSocketAddress address) {
        Channel client = exchange.client();
        Bootstrap bootstrap = new Bootstrap()
                .group(client.eventLoop())
                .channel(Transports.socketChannelFor(client))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATERMARKS)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, location.connectTimeoutMillis())))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (location.tls() != null) {
                            String host = location.target().host() != null ? location.target().host()
                                    : address.getHostString();
                            ch.pipeline().addLast("tls", location.tls().newHandler(ch.alloc(), host,
                                    address.getPort(), exchange.request()));
                        }
                        ch.pipeline().addLast("http", new HttpClientCodec(4096, 64 * 1024, 64 * 1024));
                        ch.pipeline().addLast("response", new UpstreamResponseHandler(ProxyCall.this));
                    }
                });
        ChannelFuture connect = bootstrap.connect(address);
        upstream = connect.channel();
        client.closeFuture().addListener(f -> onClientClosed());
        connect.addListener(f -> {
            if (f.isSuccess()) {
                sendRequest();
            } else {
                lastFailureWasTimeout = f.cause() instanceof ConnectTimeoutException;
                log.error("connect() to {} failed ({}) while connecting to upstream, client: {}", address,
                        f.cause().getMessage(), exchange.request().remoteAddress());
                retryOrFail();
            }
        });
    }

    private void retryOrFail() {
        selection.release(peer, true);
        peer = null;
        if (!exchange.client().isActive()) {
            finished = true;
            return;
        }
        start();
    }

    private void sendRequest() {
        HttpRequest client = exchange.request().request();
        boolean chunked = HttpUtil.isTransferEncodingChunked(client);
        boolean hasBody = chunked || HttpUtil.getContentLength(client, 0L) > 0;
        boolean forwardBody = location.passRequestBody() && hasBody;
        if (!forwardBody) {
            if (hasBody) {
                exchange.discardBodyAndClose();
            }
            upstream.write(UpstreamRequests.build(location, uri, exchange.request(), UpstreamRequests.NO_BODY));
            upstream.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            awaitResponse();
        } else if (chunked && !location.http11()) {
            // An HTTP/1.0 backend cannot take chunked framing: collect the body (bounded), then send its length,
            // as nginx does by buffering such bodies.
            exchange.bodySink(new BufferedBody());
        } else {
            long length = chunked ? UpstreamRequests.CHUNKED : HttpUtil.getContentLength(client, 0L);
            upstream.write(UpstreamRequests.build(location, uri, exchange.request(), length));
            upstream.flush();
            exchange.bodySink(this);
        }
    }

    /** Collects a chunked body for an HTTP/1.0 backend, up to {@link #MAX_BUFFERED_BODY} or client_max_body_size. */
    private final class BufferedBody implements BodySink {
        private final CompositeByteBuf body = exchange.client().alloc().compositeBuffer(1024);

        @Override
        public void onBody(HttpContent content, boolean last) {
            if (finished) {
                content.release();
                body.release();
                return;
            }
            body.addComponent(true, content.content());
            long limit = exchange.location().clientMaxBodySize();
            if (body.readableBytes() > (limit > 0 ? Math.min(limit, MAX_BUFFERED_BODY) : MAX_BUFFERED_BODY)) {
                body.release();
                finished = true;
                release(false);
                upstream.close();
                exchange.discardBodyAndClose();
                exchange.respondStatus(413);
                return;
            }
            if (!last) {
                exchange.readMoreBody();
                return;
            }
            upstream.write(UpstreamRequests.build(location, uri, exchange.request(), body.readableBytes()));
            upstream.write(new io.netty.handler.codec.http.DefaultHttpContent(body));
            upstream.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            awaitResponse();
        }
    }

    @Override
    public void onBody(HttpContent content, boolean last) {
        if (finished || !upstream.isActive()) {
            content.release();
            return;
        }
        upstream.writeAndFlush(content).addListener(f -> {
            if (!f.isSuccess()) {
                upstreamBroken("sending request body", f.cause());
            } else if (last) {
                awaitResponse();
            } else {
                exchange.readMoreBody();
            }
        });
    }

    private void awaitResponse() {
        armReadTimer();
        upstream.read();
    }

    private void armReadTimer() {
        cancelReadTimer();
        if (location.readTimeoutMillis() > 0) {
            readTimer = upstream.eventLoop().schedule(this::readTimedOut, location.readTimeoutMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** nginx's send_timeout: the client must take the data written to it within this time. */
    private ScheduledFuture<?> armSendTimer(Channel client) {
        long timeout = exchange.location().sendTimeoutMillis();
        if (timeout <= 0) {
            return null;
        }
        return client.eventLoop().schedule(() -> {
            if (!finished) {
                log.info("client timed out (send_timeout) while sending response to client {}",
                        exchange.request().remoteAddress());
                finished = true;
                release(false);
                upstream.close();
                exchange.abort();
            }
        }, timeout, TimeUnit.MILLISECONDS);
    }

    private void cancelReadTimer() {
        if (readTimer != null) {
            readTimer.cancel(false);
            readTimer = null;
        }
    }

    private void readTimedOut() {
        if (finished) {
            return;
        }
        log.error("upstream timed out while reading response header from upstream {}", peer == null ? "?"
                : peer.address());
        if (!responseHeadSeen) {
            release(true);
            finished = true;
            upstream.close();
            exchange.respondStatus(504);
        } else {
            release(true);
            finished = true;
            upstream.close();
            exchange.abort();
        }
    }

    void onResponseHead(HttpResponse response) {
        cancelReadTimer();
        responseHeadSeen = true;
        if (exchange.responseStarted() || !exchange.client().isActive()) {
            // The client was already answered (e.g. 413 mid-body) or left: drop the backend's answer.
            finished = true;
            release(false);
            upstream.close();
            return;
        }
        int status = response.status().code();
        if (status == 101) {
            if (!clientWantsUpgrade) {
                log.error("upstream sent 101 to a request without Upgrade");
                upstreamBroken("reading response header", null);
                return;
            }
            upgrade(response);
            return;
        }
        HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status(), false);
        copyResponseHeaders(response, out);
        exchange.sendHead(out);
        if (exchange.isHead() || status == 204 || status == 304) {
            return;
        }
        exchange.client().flush();
    }

    void onResponseContent(HttpContent content) {
        if (finished) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (content.content().isReadable()) {
            exchange.sendContent(content.retainedDuplicate());
        }
        content.release();
        if (last) {
            finished = true;
            release(false);
            upstream.close();
            exchange.finishStream();
        }
    }

    /** After a batch from the backend: flush it to the client and read more once it is written. */
    void onUpstreamReadComplete() {
        if (finished) {
            return;
        }
        Channel client = exchange.client();
        if (responseHeadSeen) {
            ScheduledFuture<?> sendTimer = armSendTimer(client);
            client.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(f -> {
                if (sendTimer != null) {
                    sendTimer.cancel(false);
                }
                if (f.isSuccess() && !finished) {
                    armReadTimer();
                    upstream.read();
                }
            });
        } else {
            upstream.read();
        }
    }

    void onUpstreamClosed() {
        if (finished) {
            return;
        }
        upstreamBroken("reading response", null);
    }

    void upstreamBroken(String phase, Throwable cause) {
        if (finished) {
            return;
        }
        finished = true;
        cancelReadTimer();
        log.error("upstream prematurely closed connection while {} from upstream {}{}", phase,
                peer == null ? "?" : peer.address(), cause == null ? "" : ": " + cause.getMessage());
        release(true);
        upstream.close();
        if (!exchange.responseStarted()) {
            exchange.respondStatus(502);
        } else {
            exchange.abort();
        }
    }

    private void onClientClosed() {
        if (finished) {
            return;
        }
        finished = true;
        cancelReadTimer();
        release(false);
        if (upstream != null) {
            upstream.close();
        }
    }

    private void fail(int status) {
        finished = true;
        exchange.respondStatus(status);
    }

    private void release(boolean failed) {
        if (peer != null) {
            selection.release(peer, failed);
            peer = null;
        }
    }

    private void copyResponseHeaders(HttpResponse from, HttpResponse to) {
        for (Map.Entry<String, String> e : from.headers()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("connection") || name.equals("keep-alive") || name.equals("transfer-encoding")
                    || location.hide().contains(name)) {
                continue;
            }
            if (name.equals("upgrade") && from.status().code() != 101) {
                continue;
            }
            to.headers().add(e.getKey(), e.getValue());
        }
    }

    /** 101 from the backend: answer the client with it, then tunnel both connections. */
    private void upgrade(HttpResponse response) {
        finished = true;
        HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status(), false);
        copyResponseHeaders(response, out);
        Channel client = exchange.client();
        exchange.sendHead(out);
        client.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (!f.isSuccess()) {
                release(false);
                upstream.close();
                return;
            }
            Peer tunnelPeer = peer;
            peer = null;
            Tunnel tunnel = Tunnel.install(client, upstream, new TunnelSettings(location.readTimeoutMillis(),
                    location.sendTimeoutMillis(), exchange.location().sendTimeoutMillis()),
                    () -> selection.release(tunnelPeer, false));
            exchange.upgraded();
            upstream.pipeline().remove("response");
            upstream.pipeline().remove("http");
            tunnel.start();
        });
    }
}
