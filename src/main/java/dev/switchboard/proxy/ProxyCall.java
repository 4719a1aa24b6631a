package dev.switchboard.proxy;

import dev.switchboard.http.BodySink;
import dev.switchboard.http.Exchange;
import dev.switchboard.upstream.Peer;
import dev.switchboard.upstream.Selection;
import dev.switchboard.vars.AddressFormat;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One request forwarded to a backend: picks a peer, connects on the client's event loop, sends the rewritten head
 * and streams the body, then streams the response back, or on {@code 101 Switching Protocols} hands both channels
 * to a {@link Tunnel}. A failed attempt (connect error or timeout, broken or invalid response, read timeout before
 * the head, or an error status that {@code proxy_next_upstream} lists) moves on to the next peer while
 * {@link UpstreamAttempts} allows it and nothing was sent to the client. Flow control: every write to the other
 * side is followed by a read only once it has been flushed.
 */
final class ProxyCall implements BodySink {

    private static final Logger log = LoggerFactory.getLogger(ProxyCall.class);

    private final Exchange exchange;
    private final ProxyLocation location;
    private final UpstreamGroup group;
    private final UpstreamAttempts attempts;
    private final String uri;
    private final boolean clientWantsUpgrade;
    private Channel upstream;
    private ScheduledFuture<?> readTimer;
    private boolean responseHeadSeen;
    private boolean finished;
    /** Set while the call watches the client's close; removed when the call ends (see {@link #end}). */
    private GenericFutureListener<Future<Void>> clientWatch;
    /** The current attempt runs on a connection taken from the keepalive cache (nginx's {@code peer.cached}). */
    private boolean reused;
    /** Whether the current attempt's connection may be cached after the response. */
    private ConnectionReuse reuse;

    ProxyCall(Exchange exchange, ProxyLocation location, UpstreamGroup group, String uri) {
        this.exchange = exchange;
        this.location = location;
        this.group = group;
        this.uri = uri;
        HttpRequest request = exchange.request().request();
        NextUpstreamPolicy policy = location.nextUpstream();
        Selection selection = group.balancer().select(group.keyFor(exchange.request()), policy.tries());
        this.attempts = new UpstreamAttempts(selection, policy, NextUpstreamPolicy.nonIdempotent(request.method()));
        this.clientWantsUpgrade = request.headers().contains(HttpHeaderNames.UPGRADE);
    }

    void start() {
        if (clientWatch == null && !finished) {
            clientWatch = f -> onClientClosed();
            exchange.client().closeFuture().addListener(clientWatch);
        }
        Peer peer = attempts.next();
        if (peer == null) {
            log.error("no live upstreams while connecting to upstream \"{}\"", group.name());
            fail(502);
            return;
        }
        responseHeadSeen = false;
        reused = false;
        reuse = new ConnectionReuse();
        KeepalivePool pool = pool();
        Channel cached = pool == null ? null : pool.acquire(exchange.client().eventLoop(), peer.address());
        if (cached != null) {
            reused = true;
            upstream = cached;
            cached.pipeline().addLast("response", new UpstreamResponseHandler(this));
            sendRequest();
            return;
        }
        connect(peer.address());
    }

    /** The upstream's keepalive cache, if it has one and this location can use it (plain http backends only). */
    private KeepalivePool pool() {
        return location.tls() == null ? group.keepalive() : null;
    }

    /** Whether {@code channel} is the backend connection of the current attempt (not one given up on). */
    boolean isCurrent(Channel channel) {
        return channel == upstream && !finished;
    }

    /**
     * nginx's {@code ngx_http_upstream_next}: the current attempt failed with {@code type}; try the next peer if
     * allowed, else answer with the status for that failure.
     */
    private void nextUpstream(int type) {
        cancelReadTimer();
        exchange.request().log().attemptEnded(type == NextUpstreamPolicy.TIMEOUT ? 504 : 502);
        boolean retry = attempts.failed(type, reused);
        abandonCurrent();
        if (!exchange.client().isActive()) {
            end();
        } else if (retry) {
            start();
        } else {
            fail(NextUpstreamPolicy.statusFor(type));
        }
    }

    /** Closes the current backend connection; whatever it still delivers is dropped ({@link #isCurrent}). */
    private void abandonCurrent() {
        Channel old = upstream;
        upstream = null;
        exchange.request().log().attemptEnded(502);
        if (old != null) {
            old.close();
        }
    }

    private void connect(InetSocketAddress address) {
        UpstreamTls tls = location.tls();
        String tlsHost = location.target().host() != null ? location.target().host() : address.getHostString();
        exchange.request().log().attemptStarted(group.name(), AddressFormat.withPort(address));
        ChannelFuture connect;
        try {
            connect = UpstreamConnector.connect(exchange.client(), address, location.connectTimeoutMillis(),
                    tls == null ? null : ch -> tls.newHandler(ch.alloc(), tlsHost, address.getPort(),
                            exchange.request()),
                    new UpstreamResponseHandler(this));
        } catch (ChannelException e) {
            // no socket at all (EMFILE: out of file descriptors)
            socketFailed(address, e);
            return;
        }
        Channel attempt = connect.channel();
        upstream = attempt;
        connect.addListener(f -> {
            if (!isCurrent(attempt)) {
                attempt.close();
            } else if (f.isSuccess()) {
                exchange.request().log().attemptConnected();
                sendRequest();
            } else {
                boolean timedOut = f.cause() instanceof ConnectTimeoutException;
                log.error("*{} connect() to {} failed ({}) while connecting to upstream, client: {}",
                        exchange.request().connectionId(), AddressFormat.withPort(address),
                        f.cause().getMessage(), AddressFormat.text(exchange.request().remoteAddress()));
                nextUpstream(timedOut ? NextUpstreamPolicy.TIMEOUT : NextUpstreamPolicy.ERROR);
            }
        });
    }

    /**
     * The backend socket could not be created, as nginx's {@code socket() failed} in {@code ngx_event_connect_peer}:
     * 500 without trying another peer, and the peer is not blamed (the fault is the proxy's, not the backend's).
     */
    private void socketFailed(InetSocketAddress address, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        log.error("*{} socket() failed ({}) while connecting to upstream {}, client: {}",
                exchange.request().connectionId(), root.getMessage(), AddressFormat.withPort(address),
                AddressFormat.text(exchange.request().remoteAddress()));
        upstream = null;
        cancelReadTimer();
        release(false);
        fail(500);
    }

    private void sendRequest() {
        HttpRequest client = exchange.request().request();
        boolean chunked = HttpUtil.isTransferEncodingChunked(client);
        boolean hasBody = chunked || HttpUtil.getContentLength(client, 0L) > 0;
        boolean forwardBody = location.passRequestBody() && hasBody;
        attempts.requestSent(forwardBody);
        if (!forwardBody) {
            if (hasBody) {
                exchange.discardBodyAndClose();
            }
            writeHead(UpstreamRequests.build(location, uri, exchange.request(), UpstreamRequests.NO_BODY));
            reuse.requestComplete();
            watchWrite(upstream.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
            awaitResponse();
        } else if (chunked && !location.http11()) {
            // An HTTP/1.0 backend cannot take chunked framing: collect the body (bounded), then send its length,
            // as nginx does by buffering such bodies.
            exchange.bodySink(new BufferedRequestBody(exchange, () -> finished, this::bodyTooLarge,
                    this::sendBufferedBody));
        } else {
            long length = chunked ? UpstreamRequests.CHUNKED : HttpUtil.getContentLength(client, 0L);
            writeHead(UpstreamRequests.build(location, uri, exchange.request(), length));
            upstream.flush();
            exchange.bodySink(this);
        }
    }

    private void bodyTooLarge() {
        end();
        release(false);
        upstream.close();
        exchange.discardBodyAndClose();
        exchange.respondStatus(413);
    }

    private void sendBufferedBody(ByteBuf body) {
        writeHead(UpstreamRequests.build(location, uri, exchange.request(), body.readableBytes()));
        upstream.write(new DefaultHttpContent(body));
        reuse.requestComplete();
        watchWrite(upstream.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
        awaitResponse();
    }

    /** Writes the request head, noting whether it lets the connection live on and counting it on the connection. */
    private void writeHead(HttpRequest head) {
        reuse.requestHead(head);
        if (pool() != null) {
            KeepalivePool.countRequest(upstream);
        }
        upstream.write(head);
    }

    /**
     * A request that could not be written (typically to a cached connection the backend just closed) fails the
     * attempt, unless the attempt already ended otherwise (e.g. the close was seen first and a retry is running).
     */
    private void watchWrite(ChannelFuture write) {
        Channel channel = write.channel();
        write.addListener(f -> {
            if (!f.isSuccess() && isCurrent(channel) && !responseHeadSeen) {
                upstreamBroken("sending request", f.cause());
            }
        });
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
                reuse.requestComplete();
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
                log.info("*{} client timed out (send_timeout) while sending response to client {}",
                        exchange.request().connectionId(),
                        AddressFormat.text(exchange.request().remoteAddress()));
                end();
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
        Peer peer = attempts.peer();
        log.error("*{} upstream timed out while reading response {}from upstream {}", exchange.request().connectionId(),
                responseHeadSeen ? ""
                : "header ", peer == null ? "?" : peer.address());
        if (!responseHeadSeen) {
            nextUpstream(NextUpstreamPolicy.TIMEOUT);
        } else {
            release(true);
            end();
            upstream.close();
            exchange.abort();
        }
    }

    void onResponseHead(HttpResponse response) {
        cancelReadTimer();
        responseHeadSeen = true;
        if (exchange.responseStarted() || !exchange.client().isActive()) {
            // The client was already answered (e.g. 413 mid-body) or left: drop the backend's answer.
            end();
            release(false);
            upstream.close();
            return;
        }
        int status = response.status().code();
        exchange.request().log().attemptHeader(status);
        if (attempts.retryOnStatus(status)) {
            // nginx's test_next: the head was held back, so the next peer can still answer instead
            abandonCurrent();
            if (exchange.client().isActive()) {
                start();
            } else {
                end();
            }
            return;
        }
        if (status == 101) {
            if (!clientWantsUpgrade) {
                log.error("*{} upstream sent 101 to a request without Upgrade", exchange.request().connectionId());
                upstreamBroken("reading response header", null);
                return;
            }
            upgrade(response);
            return;
        }
        reuse.responseHead(response, exchange.isHead() || status == 204 || status == 304);
        HttpResponse out = BackendResponseHead.forClient(response, location.hide());
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
            end();
            cancelReadTimer();
            release(false);
            keepOrClose();
            exchange.finishStream();
        }
    }

    /**
     * After a complete response: the connection goes back to the cache if the upstream has {@code keepalive},
     * {@link ConnectionReuse} allows it and {@code keepalive_requests} is not reached; otherwise it is closed.
     */
    private void keepOrClose() {
        KeepalivePool pool = pool();
        Channel ch = upstream;
        if (pool != null && reuse.allowed() && pool.reusable(ch)) {
            ch.pipeline().remove("response");
            pool.offer(ch);
        } else {
            ch.close();
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

    /** The backend sent a response head that does not parse: nginx's {@code invalid_header} failure. */
    void invalidHeader(Throwable cause) {
        if (finished) {
            return;
        }
        log.error("*{} upstream sent invalid header while reading response header from upstream {}{}",
                exchange.request().connectionId(),
                peerAddress(),
                cause == null ? "" : ": " + cause.getMessage());
        if (!responseHeadSeen) {
            nextUpstream(NextUpstreamPolicy.INVALID_HEADER);
        } else {
            upstreamBroken("reading response", cause);
        }
    }

    void upstreamBroken(String phase, Throwable cause) {
        if (finished) {
            return;
        }
        log.error("*{} upstream prematurely closed connection while {} from upstream {}{}",
                exchange.request().connectionId(),
                phase,
                peerAddress(), cause == null ? "" : ": " + cause.getMessage());
        if (!responseHeadSeen) {
            nextUpstream(NextUpstreamPolicy.ERROR);
            return;
        }
        end();
        cancelReadTimer();
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
        clientWatch = null;
        cancelReadTimer();
        release(false);
        if (upstream != null) {
            upstream.close();
        }
    }

    /**
     * The call is over (answered, failed, handed to a tunnel or given up): stops watching the client, whose
     * connection may serve many more requests and would otherwise keep every finished call reachable until it closes.
     */
    private void end() {
        finished = true;
        if (clientWatch != null) {
            exchange.client().closeFuture().removeListener(clientWatch);
            clientWatch = null;
        }
    }

    private void fail(int status) {
        end();
        exchange.respondStatus(status);
    }

    private void release(boolean failed) {
        exchange.request().log().attemptEnded(502);
        attempts.release(failed);
    }

    private Object peerAddress() {
        Peer peer = attempts.peer();
        return peer == null ? "?" : peer.address();
    }

    /** 101 from the backend: answer the client with it, then tunnel both connections. */
    private void upgrade(HttpResponse response) {
        end();
        exchange.request().log().attemptEnded(0);
        HttpResponse out = BackendResponseHead.forClient(response, location.hide());
        Channel client = exchange.client();
        exchange.sendHead(out);
        client.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (!f.isSuccess()) {
                release(false);
                upstream.close();
                return;
            }
            UpgradeHandoff.tunnel(exchange, location, upstream, response, attempts.releaseLater());
        });
    }
}
