package dev.switchboard.http;

import dev.switchboard.vars.RequestContext;
import dev.switchboard.vars.VariableStore;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;

import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The variables' view of one HTTP request on a client connection. Header values are the raw Latin-1 text Netty
 * decoded; {@code $uri} starts as the normalized path and changes on internal redirects.
 */
public final class HttpRequestContext implements RequestContext {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HttpRequest request;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final String scheme;
    private final long connectionId;
    private final VariableStore store;
    private final String args;
    private String uri;
    private boolean uriChanged;
    private String serverName = "";
    private String requestId;
    private Object connectionFact;
    private final RequestLog log = new RequestLog();

    public HttpRequestContext(HttpRequest request, String normalizedUri, InetSocketAddress remote,
                              InetSocketAddress local, String scheme, long connectionId, int variableSlots) {
        this.request = request;
        this.uri = normalizedUri;
        this.remote = remote;
        this.local = local;
        this.scheme = scheme;
        this.connectionId = connectionId;
        this.store = new VariableStore(variableSlots);
        String target = request.uri();
        int q = target.indexOf('?');
        this.args = q < 0 ? null : target.substring(q + 1);
    }

    /** Attaches the connection-level fact the variables may ask for ({@link #connectionFact}). */
    public void connectionFact(Object fact) {
        this.connectionFact = fact;
    }

    @Override
    public <T> T connectionFact(Class<T> type) {
        return type.isInstance(connectionFact) ? type.cast(connectionFact) : null;
    }

    /** Sizes, times and upstream attempts of this request, for the access log and metrics. */
    public RequestLog log() {
        return log;
    }

    /**
     * Keeps of the request head only what variables read: its line and a read-only copy of its headers (one flat
     * array of the same name and value objects), without the decoder's hash table and state. For a context that
     * outlives its request: an upgraded connection writes its access log line when it closes, maybe hours later.
     */
    public void compactHead() {
        HttpHeaders headers = request.headers();
        CharSequence[] pairs = new CharSequence[headers.size() * 2];
        int i = 0;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            pairs[i++] = header.getKey();
            pairs[i++] = header.getValue();
        }
        request = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                new ReadOnlyHttpHeaders(false, pairs));
    }

    /** The Netty request head. */
    public HttpRequest request() {
        return request;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String requestUri() {
        return request.uri();
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Changes {@code $uri} (internal redirect by error_page or index). */
    public void uri(String newUri) {
        this.uri = newUri;
        this.uriChanged = true;
    }

    /** Whether {@code $uri} was changed after the request arrived (then the raw request target no longer applies). */
    public boolean uriChanged() {
        return uriChanged;
    }

    @Override
    public String args() {
        return args;
    }

    @Override
    public String protocol() {
        return request.protocolVersion().text();
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    @Override
    public List<String> headers(String name) {
        return request.headers().getAll(name);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String serverName() {
        return serverName;
    }

    public void serverName(String name) {
        this.serverName = name;
    }

    @Override
    public long connectionId() {
        return connectionId;
    }

    @Override
    public String requestId() {
        if (requestId == null) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            char[] id = new char[32];
            long a = random.nextLong();
            long b = random.nextLong();
            for (int i = 0; i < 16; i++) {
                id[i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xF];
                id[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xF];
            }
            requestId = new String(id);
        }
        return requestId;
    }

    @Override
    public VariableStore variables() {
        return store;
    }
}
