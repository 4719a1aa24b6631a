package dev.switchboard.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;


/**
 * One request and its response on a client connection. Content handlers write the response through it, so that
 * nginx's response rules apply in one place: {@code Server} and {@code Date}, {@code add_header} by status,
 * keep-alive, error pages, HEAD. Lives on the client channel's event loop; not thread-safe.
 */
public final class Exchange {

    /** nginx stops following error_page redirects after this many internal redirects. */
    private static final int MAX_REDIRECTS = 10;

    private final Channel client;
    private final HttpRequestContext request;
    private final ExchangeOwner owner;
    private final boolean clientKeepAlive;
    private HttpLocation location;
    private BodySink bodySink;
    /** Body pieces that arrived before a consumer was installed (at most one read's worth: reads are explicit). */
    private java.util.ArrayDeque<HttpContent> pendingBody;
    private boolean requestComplete;
    private boolean responseStarted;
    private boolean responseFinished;
    private boolean forceClose;
    private boolean chunkedResponse;
    private boolean errorPageUsed;
    private int statusOverride = -1;
    private long bodyBytes;
    private int redirects;
    private int status;
    /** {@code WWW-Authenticate} for a 401 of the access phase (auth_basic). */
    private String challenge;

    public Exchange(Channel client, HttpRequestContext request, ExchangeOwner owner, boolean requestComplete) {
        this.client = client;
        this.request = request;
        this.owner = owner;
        this.requestComplete = requestComplete;
        this.clientKeepAlive = HttpUtil.isKeepAlive(request.request());
    }

    public Channel client() {
        return client;
    }

    public HttpRequestContext request() {
        return request;
    }

    public HttpLocation location() {
        return location;
    }

    /** Sets the configuration level that answers (the matched location or if block). */
    public void location(HttpLocation effective) {
        this.location = effective;
    }

    public boolean isHead() {
        return request.request().method().equals(HttpMethod.HEAD);
    }

    /** The status of the response started so far (0 before). */
    public int status() {
        return status;
    }

    /** Sets the {@code WWW-Authenticate} value the next 401 answer carries (auth_basic). */
    public void challenge(String value) {
        this.challenge = value;
    }

    public boolean responseStarted() {
        return responseStarted;
    }

    public boolean requestComplete() {
        return requestComplete;
    }

    /** Installs the consumer of the request body and asks for the first piece. */
    public void bodySink(BodySink sink) {
        this.bodySink = sink;
        if (pendingBody != null && !pendingBody.isEmpty()) {
            HttpContent first = pendingBody.poll();
            sink.onBody(first, first instanceof LastHttpContent);
            return;
        }
        if (!requestComplete) {
            owner.readBody();
        }
    }

    /** Asks the client connection for more request body. */
    public void readMoreBody() {
        if (pendingBody != null && !pendingBody.isEmpty()) {
            HttpContent next = pendingBody.poll();
            bodySink.onBody(next, next instanceof LastHttpContent);
            return;
        }
        if (!requestComplete) {
            owner.readBody();
        }
    }

    /** Called by the connection for each piece of request body. */
    public void onBody(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestComplete = true;
        }
        bodyBytes += content.content().readableBytes();
        long limit = location == null ? 0 : location.clientMaxBodySize();
        if (limit > 0 && bodyBytes > limit && !forceClose) {
            // A chunked body has no declared length: the limit is enforced as it arrives, as nginx does.
            content.release();
            requestComplete = true;
            discardBodyAndClose();
            respondStatus(413);
            return;
        }
        if (bodySink != null && (pendingBody == null || pendingBody.isEmpty())) {
            bodySink.onBody(content, last);
        } else if (forceClose || responseFinished) {
            content.release();
        } else {
            if (pendingBody == null) {
                pendingBody = new java.util.ArrayDeque<>(4);
            }
            pendingBody.add(content);
        }
    }

    /** Stops reading the request; the connection will be closed after the response. */
    public void discardBodyAndClose() {
        forceClose = true;
        bodySink = null;
        releasePending();
    }

    private void releasePending() {
        if (pendingBody != null) {
            pendingBody.forEach(HttpContent::release);
            pendingBody.clear();
        }
    }

    /**
     * Answers with a status the proxy generates itself (an error, or {@code return} without text), applying
     * {@code error_page} first.
     */
    public void respondStatus(int code) {
        if (responseStarted) {
            abort();
            return;
        }
        if (code >= 400 && !errorPageUsed && location != null && redirectToErrorPage(code)) {
            return;
        }
        byte[] page = StatusPages.hasBody(code) ? StatusPages.page(code, location == null || location.serverTokens())
                : null;
        // nginx's 494-497 (header too large, certificate error, no certificate, plain HTTP to HTTPS) are its own
        // names; on the wire each is a 400 with its own page.
        int wire = code >= 494 && code <= 497 ? 400 : code;
        respond(wire, page == null ? null : "text/html", page == null ? null : Unpooled.wrappedBuffer(page), null);
    }

    /** Answers with a complete response built by the proxy ({@code return 200 "text"}, a redirect, a file). */
    public void respond(int code, String contentType, ByteBuf body, String locationHeader) {
        int wire = statusOverride > 0 ? statusOverride : code;
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, StatusPages.status(wire),
                body == null ? Unpooled.EMPTY_BUFFER : body);
        HttpHeaders h = response.headers();
        if (contentType != null) {
            h.set("Content-Type", contentType);
        }
        if (wire != 204 && wire != 304 && !(wire >= 100 && wire < 200)) {
            h.set("Content-Length", body == null ? 0 : body.readableBytes());
        }
        if (locationHeader != null) {
            h.set("Location", locationHeader);
        }
        if (code >= 400) {
            forceClose |= code == 400 || code == 408 || code == 413 || code == 414 || code == 501;
        }
        if (!requestComplete) {
            // The rest of the body is not read: close after the response rather than parse it as a request.
            forceClose = true;
            releasePending();
        }
        if (isHead() && body != null) {
            body.release();
            response = response.replace(Unpooled.EMPTY_BUFFER);
        }
        writeHead(response);
        finish(client.writeAndFlush(response));
    }

    /** Starts a streamed response (status line and headers); content follows with {@link #sendContent}. */
    public ChannelFuture sendHead(HttpResponse response) {
        if (statusOverride > 0) {
            response.setStatus(StatusPages.status(statusOverride));
        }
        HttpHeaders h = response.headers();
        chunkedResponse = false;
        if (!HttpUtil.isContentLengthSet(response) && allowsBody(response.status().code()) && !isHead()) {
            if (request.request().protocolVersion().equals(HttpVersion.HTTP_1_1)) {
                h.set("Transfer-Encoding", "chunked");
                chunkedResponse = true;
            } else {
                forceClose = true;
            }
        }
        writeHead(response);
        return client.write(response);
    }

    /** Writes part of a streamed response body (not flushed). */
    public ChannelFuture sendContent(HttpContent content) {
        if (isHead()) {
            content.release();
            return client.newSucceededFuture();
        }
        return client.write(chunkedResponse ? content : new io.netty.handler.codec.http.DefaultHttpContent(
                content.content()));
    }

    /** Ends a response whose body was written directly (a file region), without chunked framing. */
    public void finishFile() {
        finish(client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    }

    /** The connection this exchange belongs to. */
    public ExchangeOwner owner() {
        return owner;
    }

    /** Ends a streamed response. */
    public void finishStream() {
        // The encoder needs the LastHttpContent in every case to be ready for the next response head.
        finish(client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    }

    /** Closes the client connection without completing the response (upstream failed mid-response). */
    public void abort() {
        responseFinished = true;
        client.close();
    }

    /** Marks the connection as upgraded once the 101 response has been written. */
    public void upgraded() {
        responseFinished = true;
        owner.upgraded(this);
    }

    /** Sets {@code Server}, {@code Date}, {@code add_header} and keep-alive headers on a response about to go out. */
    private void writeHead(HttpResponse response) {
        responseStarted = true;
        status = response.status().code();
        HttpHeaders h = response.headers();
        h.set("Server", "switchboard");
        h.set("Date", HttpDate.now());
        if (location != null) {
            for (AddHeader add : location.addHeaders()) {
                if (add.always() || AddHeader.appliesTo(status)) {
                    String value = add.value().evaluate(request);
                    if (!value.isEmpty()) {
                        h.add(add.name(), value);
                    }
                }
            }
        }
        if (status == 401 && challenge != null) {
            h.set("WWW-Authenticate", challenge);
        }
        if (status == 101) {
            h.set("Connection", "upgrade");
        } else if (keepAlive()) {
            h.set("Connection", "keep-alive");
        } else {
            h.set("Connection", "close");
        }
        RequestLog log = request.log();
        log.status = status;
        log.headerBytes = headBytes(response);
    }

    /** The size of the encoded status line and headers, as HttpResponseEncoder writes them ($body_bytes_sent). */
    private static long headBytes(HttpResponse response) {
        long n = response.protocolVersion().text().length() + 1 + response.status().toString().length() + 2 + 2;
        for (java.util.Map.Entry<String, String> e : response.headers()) {
            n += e.getKey().length() + 2 + e.getValue().length() + 2;
        }
        return n;
    }

    /**
     * Whether the connection stays open after this response. As nginx, the response that reaches
     * {@code keepalive_requests} already says {@code Connection: close}, so the client does not send another request
     * into a closing connection.
     */
    private boolean keepAlive() {
        return clientKeepAlive && !forceClose && location != null && location.keepaliveTimeoutMillis() > 0
                && request.log().connectionRequests < location.keepaliveRequests()
                && (requestComplete || bodySink != null);
    }

    private void finish(ChannelFuture written) {
        responseFinished = true;
        boolean reusable = keepAlive() && requestComplete;
        if (!reusable) {
            written.addListener(f -> owner.closeAfterResponse());
        }
        written.addListener(f -> owner.responseFinished(this, reusable && f.isSuccess()));
    }

    private static boolean allowsBody(int code) {
        return code >= 200 && code != 204 && code != 304;
    }

    private boolean redirectToErrorPage(int code) {
        for (ErrorPage page : location.errorPages()) {
            if (!page.codes().contains(code)) {
                continue;
            }
            errorPageUsed = true;
            if (++redirects > MAX_REDIRECTS) {
                return false;
            }
            statusOverride = page.overrideStatus() == 0 ? -1 : page.overrideStatus() < 0 ? code
                    : page.overrideStatus();
            String target = page.target().evaluate(request);
            if (target.startsWith("@")) {
                return owner.namedRedirect(this, target.substring(1));
            }
            if (target.startsWith("/")) {
                owner.internalRedirect(this, target);
                return true;
            }
            int redirectStatus = page.overrideStatus() > 0 && page.overrideStatus() >= 301
                    && page.overrideStatus() <= 308 ? page.overrideStatus() : 302;
            statusOverride = -1;
            respond(redirectStatus, "text/html", Unpooled.wrappedBuffer(StatusPages.page(redirectStatus, true)),
                    target);
            return true;
        }
        return false;
    }

    /**
     * An absolute URL for a local path, as nginx builds redirects with {@code absolute_redirect on}: the scheme,
     * the Host header (or the server name) and the path.
     */
    public String absoluteUrl(String path) {
        String host = request.header("Host");
        return request.scheme() + "://" + (host != null ? host : request.serverName()) + path;
    }

    /** A response with nginx's reason phrase, for content handlers that stream. */
    public static HttpResponse newResponse(int code) {
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, StatusPages.status(code));
    }
}
