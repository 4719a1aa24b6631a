package dev.switchboard.proxy;

import dev.switchboard.http.HttpRequestContext;
import dev.switchboard.http.UriEscaper;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

import java.util.Locale;
import java.util.Map;

/**
 * Builds the request head sent to a backend exactly as nginx's proxy module does: the request line with nginx's
 * URI rule, then the configured and default header rules in order (empty values dropped), then the client's own
 * headers that no rule names.
 */
public final class UpstreamRequests {

    private UpstreamRequests() {
    }

    /**
     * The URI for the backend. Without a URI part in proxy_pass the client's target goes unchanged (unless the URI
     * was changed internally); with one, the location prefix in {@code $uri} is replaced by it, re-escaped, and
     * the arguments appended.
     */
    public static String uri(ProxyTarget target, String prefix, HttpRequestContext request) {
        String args = request.args();
        if (target.uri() == null) {
            if (!request.uriChanged()) {
                String raw = request.requestUri();
                if (!raw.startsWith("/")) {
                    int slash = raw.indexOf('/', raw.indexOf("//") + 2);
                    return slash < 0 ? "/" : raw.substring(slash);
                }
                return raw;
            }
            return escape(request.uri()) + (args != null ? "?" + args : "");
        }
        String uri = request.uri();
        String rest = prefix != null && uri.startsWith(prefix) ? uri.substring(prefix.length()) : uri;
        return target.uri() + escape(rest) + (args != null ? "?" + args : "");
    }

    /** nginx's {@code ngx_escape_uri(NGX_ESCAPE_URI)} (see {@link UriEscaper}). */
    static String escape(String uri) {
        return UriEscaper.escape(uri);
    }

    /** {@code bodyLength} value: the request carries no body upstream. */
    public static final long NO_BODY = -2;
    /** {@code bodyLength} value: the body is forwarded chunked, as it arrives. */
    public static final long CHUNKED = -1;

    /**
     * The complete request head for the backend.
     *
     * @param bodyLength {@link #NO_BODY}, {@link #CHUNKED}, or the exact length sent with Content-Length
     */
    public static HttpRequest build(ProxyLocation location, String uri, HttpRequestContext request,
                                    long bodyLength) {
        HttpRequest client = request.request();
        HttpVersion version = location.http11() ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
        HttpRequest out = new DefaultHttpRequest(version, client.method(), uri, false);
        HttpHeaders h = out.headers();
        for (HeaderRule rule : location.headers()) {
            switch (rule.kind()) {
                case BODY_LENGTH -> {
                    if (bodyLength >= 0) {
                        h.add("Content-Length", Long.toString(bodyLength));
                    }
                }
                case BODY_CHUNKED -> {
                    if (bodyLength == CHUNKED) {
                        h.add("Transfer-Encoding", "chunked");
                    }
                }
                default -> {
                    String value = rule.value().evaluate(request);
                    if (!value.isEmpty()) {
                        h.add(rule.name(), value);
                    }
                }
            }
        }
        if (location.passRequestHeaders()) {
            for (Map.Entry<String, String> e : client.headers()) {
                if (!location.overridden().contains(e.getKey().toLowerCase(Locale.ROOT))) {
                    h.add(e.getKey(), e.getValue());
                }
            }
        }
        return out;
    }
}
