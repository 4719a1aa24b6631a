package dev.switchboard.server;

import dev.switchboard.http.Exchange;
import dev.switchboard.http.ExchangeOwner;
import dev.switchboard.http.HttpRequestContext;
import dev.switchboard.http.RewriteStep;
import dev.switchboard.http.RequestHeadCheck;
import dev.switchboard.http.UriNormalizer;
import dev.switchboard.limit.Limits;
import dev.switchboard.routing.HostNormalizer;
import dev.switchboard.routing.LocationMatch;
import dev.switchboard.routing.ServerNameMatch;
import dev.switchboard.tls.TlsConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of one client connection: validates each request head, picks the virtual server and location,
 * runs the rewrite steps and hands the request to the content handler, one request at a time. Reads are explicit
 * (auto-read off): the connection reads only while waiting for a request or when a body consumer asks, so a
 * pipelining or fast client never makes the proxy buffer without bound.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter implements ExchangeOwner {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    private final Runtime runtime;
    private final VirtualHosts hosts;
    private final boolean tls;
    private final long connectionId;
    private ChannelHandlerContext ctx;
    private Exchange exchange;
    private int requests;
    private boolean upgraded;
    private ScheduledFuture<?> timer;
    /** Gives back the current request's limit_conn slots; null until limits were checked for it. */
    private final RequestPhases phases;
    /** The server block of the request in progress; internal redirects stay in it, as in nginx. */
    private VirtualServer currentServer;
    /** Pipelined messages decoded while a response was in progress (at most one read's worth: reads are explicit). */
    private final java.util.ArrayDeque<Object> pipelined = new java.util.ArrayDeque<>();
    private boolean draining;

    private final Connections registry;
    private final dev.switchboard.observe.Observatory observatory;
    private volatile boolean shuttingDown;
    private ByteCounter bytes;
    private long bytesAtRequestStart;
    private boolean wantedUpgrade;
    private volatile String serverLabel = "";

    ClientConnection(Runtime runtime, VirtualHosts hosts, boolean tls, long connectionId, Connections registry,
                     dev.switchboard.observe.Observatory observatory) {
        this.registry = registry;
        this.observatory = observatory;
        this.phases = new RequestPhases(this, observatory);
        this.runtime = runtime;
        this.hosts = hosts;
        this.tls = tls;
        this.connectionId = connectionId;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.bytes = (ByteCounter) ctx.pipeline().get(ByteCounter.NAME);
        this.serverLabel = hosts.defaultServer().primaryName();
        registry.add(this);
        arm(hosts.defaultServer().clientHeaderTimeoutMillis());
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (upgraded) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (lingered(msg)) {
            return;
        }
        if (exchange != null && msg instanceof HttpRequest || !pipelined.isEmpty()) {
            pipelined.add(msg);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest request) {
            cancelTimer();
            try {
                onRequest(request);
            } finally {
                if (msg instanceof HttpContent content) {
                    onContent(content);
                }
            }
        } else if (msg instanceof HttpContent content) {
            onContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onContent(HttpContent content) {
        if (exchange == null) {
            content.release();
            return;
        }
        if (!(content instanceof LastHttpContent) || content.content().isReadable()
                || content instanceof HttpRequest) {
            cancelTimer();
        }
        exchange.onBody(content);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (upgraded) {
            ctx.fireChannelReadComplete();
            return;
        }
        ctx.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        registry.remove(this);
        if (exchange != null && !upgraded) {
            logRequest(exchange, !exchange.responseStarted());
        }
        phases.releaseLimits();
        cancelTimer();
        pipelined.forEach(ReferenceCountUtil::release);
        pipelined.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (upgraded) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        log.debug("*{} client connection error: {}", connectionId, cause.toString());
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.fireChannelWritabilityChanged();
    }

    private void onRequest(HttpRequest request) {
        requests++;
        observatory.stats().local().request();
        bytesAtRequestStart = bytes == null ? 0 : bytes.written;
        wantedUpgrade = wantsUpgrade(request);
        if (request.decoderResult().isFailure()) {
            rejectMalformed(request.decoderResult().cause());
            return;
        }
        int problem = RequestHeadCheck.validate(request);
        RequestHeadCheck.Target target = problem == 0 ? RequestHeadCheck.parse(request.uri()) : null;
        String host = target == null ? null : target.host();
        String normalized = target == null ? null : target.uri();
        if (problem == 0 && normalized == null) {
            problem = 400;
        }
        String hostName = "";
        if (problem == 0) {
            String rawHost = host != null ? host : request.headers().get(HttpHeaderNames.HOST);
            if (rawHost != null) {
                hostName = HostNormalizer.normalize(rawHost);
                if (hostName == null) {
                    problem = 400;
                    hostName = "";
                }
            }
        }
        VirtualServer server = problem == 0 ? selectServer(hostName) : hosts.defaultServer();
        currentServer = server;
        HttpRequestContext vars = new HttpRequestContext(request, normalized == null ? "/" : normalized,
                (InetSocketAddress) ctx.channel().remoteAddress(), (InetSocketAddress) ctx.channel().localAddress(),
                scheme(), connectionId, runtime.variableSlots());
        vars.serverName(server.primaryName());
        serverLabel = server.primaryName();
        vars.log().connectionRequests = requests;
        vars.log().requestLength = headLength(request) + HttpUtil.getContentLength(request, 0L);
        TlsConnection tlsFacts = tls ? ctx.channel().attr(TlsConnection.KEY).get() : null;
        vars.connectionFact(tlsFacts);
        if (tls && tlsFacts == null) {
            problem = 497;
            log.info("*{} client sent plain HTTP request to HTTPS port", connectionId);
        } else if (problem == 0 && tlsFacts != null && tlsFacts.rejectStatus() != 0) {
            problem = tlsFacts.rejectStatus();
            log.info("*{} client {}", connectionId, problem == 496 ? "sent no required SSL certificate"
                    : "SSL certificate verify error: (" + tlsFacts.clientVerify() + ")");
        }
        boolean bodyExpected = HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
        exchange = new Exchange(ctx.channel(), vars, this, !bodyExpected);
        exchange.location(server.serverLevel().http());
        if (problem != 0) {
            exchange.discardBodyAndClose();
            exchange.respondStatus(problem);
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            request.headers().remove(HttpHeaderNames.EXPECT);
        }
        phases.process(exchange, server, true);
    }

    /** $scheme: https once the TLS handshake is done (plain HTTP sent to an ssl port stays http, as in nginx). */
    private String scheme() {
        return tls && ctx.channel().hasAttr(TlsConnection.KEY) ? "https" : "http";
    }

    private VirtualServer selectServer(String hostName) {
        if (!hostName.isEmpty()) {
            ServerNameMatch<VirtualServer> byName = hosts.names().match(hostName);
            if (byName != null) {
                return byName.target();
            }
        } else {
            ServerNameMatch<VirtualServer> empty = hosts.names().match("");
            if (empty != null) {
                return empty.target();
            }
        }
        return hosts.defaultServer();
    }

    private void rejectMalformed(Throwable cause) {
        int status = 400;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
        } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            status = 494;
        } else if (cause != null && cause.getMessage() != null && cause.getMessage().contains("Transfer-Encoding")) {
            status = 400;
        }
        log.info("*{} client sent invalid request: {}", connectionId, cause == null ? "?" : cause.getMessage());
        HttpRequest dummy = new io.netty.handler.codec.http.DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET,
                "/");
        HttpRequestContext vars = new HttpRequestContext(dummy, "/", (InetSocketAddress) ctx.channel().remoteAddress(),
                (InetSocketAddress) ctx.channel().localAddress(), scheme(), connectionId,
                runtime.variableSlots());
        exchange = new Exchange(ctx.channel(), vars, this, true);
        currentServer = hosts.defaultServer();
        exchange.location(currentServer.serverLevel().http());
        exchange.discardBodyAndClose();
        exchange.respondStatus(status);
    }

    @Override
    public void responseFinished(Exchange finished, boolean reusable) {
        if (!upgraded) {
            logRequest(finished, false);
        }
        if (finished != exchange || upgraded) {
            return;
        }
        phases.releaseLimits();
        exchange = null;
        if (!reusable || !ctx.channel().isActive()) {
            return;
        }
        if (shuttingDown) {
            ctx.close();
            return;
        }
        long keepalive = finished.location().keepaliveTimeoutMillis();
        if (requests >= finished.location().keepaliveRequests()) {
            ctx.close();
            return;
        }
        if (!pipelined.isEmpty()) {
            drainPipelined();
            return;
        }
        arm(keepalive);
        ctx.read();
    }

    /** Serves queued pipelined requests one after another; responses finishing synchronously re-enter here. */
    private void drainPipelined() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!pipelined.isEmpty() && ctx.channel().isActive()) {
                Object next = pipelined.peek();
                if (next instanceof HttpRequest && exchange != null) {
                    return;
                }
                pipelined.poll();
                dispatch(next);
            }
        } finally {
            draining = false;
        }
        if (exchange == null && pipelined.isEmpty() && ctx.channel().isActive()) {
            arm(hosts.defaultServer().clientHeaderTimeoutMillis());
            ctx.read();
        }
    }

    /** This connection's serial number ($connection). */
    long id() {
        return connectionId;
    }

    java.util.concurrent.ScheduledExecutorService executor() {
        return ctx.executor();
    }

    /** Whether {@code ex} is still the request this connection is serving (for delayed phases). */
    boolean isCurrent(Exchange ex) {
        return exchange == ex && ctx.channel().isActive();
    }

    @Override
    public void internalRedirect(Exchange ex, String uri) {
        int q = uri.indexOf('?');
        String normalized = UriNormalizer.normalize(q < 0 ? uri : uri.substring(0, q));
        ex.request().uri(normalized == null ? "/" : normalized);
        VirtualServer server = currentServer;
        phases.process(ex, server, true);
    }

    @Override
    public boolean namedRedirect(Exchange ex, String name) {
        VirtualServer server = currentServer;
        LocationConf named = server.locations().named("@" + name);
        if (named == null) {
            return false;
        }
        ex.location(named.http());
        named.content().handle(ex);
        return true;
    }

    /**
     * Graceful shutdown of this connection (any thread): an idle keep-alive connection closes now, one with a
     * request in progress closes after its response.
     */
    void drain() {
        shuttingDown = true;
        ctx.executor().execute(() -> {
            if (exchange == null && !upgraded && pipelined.isEmpty()) {
                ctx.close();
            }
        });
    }

    @Override
    public void upgraded(Exchange ex) {
        registry.remove(this);
        dev.switchboard.websocket.Tunnel tunnel = dev.switchboard.websocket.Tunnel.of(ctx.channel());
        HttpRequestContext request = ex.request();
        request.log().bytesSent = bytes == null ? 0 : bytes.written - bytesAtRequestStart;
        observatory.upgraded();
        if (tunnel != null) {
            java.util.List<dev.switchboard.http.RequestLog.Attempt> attempts = request.log().attempts();
            registry.add(tunnel, new Connections.TunnelMeta(connectionId, request.serverName(),
                    attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).upstream,
                    request.log().startMillis));
        }
        // The session is logged when the tunnel closes. Until then it keeps only the request's log record and, when
        // the location writes access log lines, its variables with a compacted head: not this handler, the
        // exchange or the decoder's header table (see docs/benchmarks.md, idle memory).
        dev.switchboard.http.HttpLocation answered = ex.location();
        dev.switchboard.observe.ObserveSettings.AccessLogSpec defaultLog = runtime.defaultAccessLog();
        dev.switchboard.http.RequestLog sessionLog = request.log();
        HttpRequestContext logged = observatory.writesAccessLog(answered, defaultLog) ? request : null;
        if (logged != null) {
            logged.compactHead();
        }
        dev.switchboard.observe.Observatory obs = observatory; // a local, so the listener does not capture this
        ctx.channel().closeFuture().addListener(f -> obs.sessionDone(tunnel, sessionLog, logged, answered,
                defaultLog));
        if (bytes != null) {
            ctx.pipeline().remove(ByteCounter.NAME);
            bytes = null;
        }
        upgraded = true;
        Runnable release = phases.takeLimitRelease();
        if (release != null) {
            // A tunnel holds its limit_conn slots for its whole life.
            ctx.channel().closeFuture().addListener(f -> release.run());
        }
        cancelTimer();
        exchange = null;
        ctx.pipeline().remove(ChannelInitializers.HTTP_CODEC);
        if (ctx.pipeline().get(ChunkedWriteHandler.class) != null) {
            ctx.pipeline().remove(ChunkedWriteHandler.class);
        }
        ctx.pipeline().remove(this);
    }

    /** nginx's lingering_timeout and lingering_time. */
    private static final long LINGERING_TIMEOUT_MILLIS = 5_000;
    private static final long LINGERING_TIME_MILLIS = 30_000;
    private long lingeringUntil;

    @Override
    public void closeAfterResponse() {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!(ctx.channel() instanceof io.netty.channel.socket.DuplexChannel duplex)) {
            ctx.close();
            return;
        }
        lingeringUntil = System.currentTimeMillis() + LINGERING_TIME_MILLIS;
        io.netty.handler.ssl.SslHandler ssl = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class);
        if (ssl != null) {
            // as nginx's SSL_shutdown: close_notify first, so the client sees a clean end of the TLS stream
            ssl.closeOutbound().addListener(f -> shutdownOutput(duplex));
            return;
        }
        shutdownOutput(duplex);
    }

    private void shutdownOutput(io.netty.channel.socket.DuplexChannel duplex) {
        duplex.shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
                return;
            }
            schedule(LINGERING_TIMEOUT_MILLIS, ctx::close);
            ctx.read();
        });
    }

    /** While lingering: drop what arrives, keep reading until the client closes or the time is up. */
    private boolean lingered(Object msg) {
        if (lingeringUntil == 0) {
            return false;
        }
        ReferenceCountUtil.release(msg);
        if (System.currentTimeMillis() >= lingeringUntil) {
            ctx.close();
        } else {
            schedule(LINGERING_TIMEOUT_MILLIS, ctx::close);
            ctx.read();
        }
        return true;
    }

    @Override
    public void readBody() {
        Exchange current = exchange;
        if (current != null && current.location() != null) {
            long timeout = current.location().clientBodyTimeoutMillis();
            schedule(timeout, () -> {
                if (exchange == current && !current.requestComplete()) {
                    log.info("*{} client timed out while reading client request body", connectionId);
                    if (current.responseStarted()) {
                        ctx.close();
                    } else {
                        current.discardBodyAndClose();
                        current.respondStatus(408);
                    }
                }
            });
        }
        ctx.read();
    }

    /** Closes the connection if no request arrives in time (client_header_timeout, keepalive_timeout). */
    private void arm(long millis) {
        schedule(millis, () -> {
            if (exchange == null && !upgraded) {
                log.debug("*{} client timed out waiting for a request", connectionId);
                ctx.close();
            }
        });
    }

    private void schedule(long millis, Runnable onTimeout) {
        cancelTimer();
        if (millis > 0) {
            timer = ctx.executor().schedule(onTimeout, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Counts and logs a request that ended; {@code clientGone}: the client left before a response (499). */
    private void logRequest(Exchange ex, boolean clientGone) {
        if (bytes != null) {
            ex.request().log().bytesSent = bytes.written - bytesAtRequestStart;
        }
        observatory.requestDone(ex.request(), ex.location(), runtime.defaultAccessLog(), wantedUpgrade, clientGone);
    }

    /** The size of a request head as it came on the wire ($request_length, without the body). */
    private static long headLength(HttpRequest request) {
        long n = request.method().name().length() + 1 + request.uri().length() + 1
                + request.protocolVersion().text().length() + 2 + 2;
        for (java.util.Map.Entry<String, String> e : request.headers()) {
            n += e.getKey().length() + 2 + e.getValue().length() + 2;
        }
        return n;
    }

    /** For stub_status: 'w' while a request is being answered, 'k' while idle (keep-alive or before a request). */
    char state() {
        return exchange != null ? 'w' : 'k';
    }

    /** The server name of the connection's current (or last) request, for the status page. */
    String serverLabel() {
        return serverLabel;
    }

    /** Whether a request header asks for a protocol upgrade (Connection is a token list, RFC 9110 §7.6.1). */
    static boolean wantsUpgrade(HttpRequest request) {
        return request.headers().contains(HttpHeaderNames.UPGRADE)
                && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }
}
