package dev.switchboard.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

import java.util.List;
import java.util.Locale;

/**
 * nginx's checks on a request head the decoder accepted, and the split of its target into host (absolute form),
 * path and normalized {@code $uri}. Every failure is a status to answer with, as nginx answers it.
 */
public final class RequestHeadCheck {

    /** A parsed request target: {@code host} is set only for an absolute-form target; {@code uri} is null if bad. */
    public record Target(String host, String uri) {
    }

    private RequestHeadCheck() {
    }

    /** The status to reject the head with (400, 501, 505), or 0 when it is acceptable. */
    public static int validate(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1) {
            return 505;
        }
        List<String> hostHeaders = request.headers().getAll(HttpHeaderNames.HOST);
        if (hostHeaders.size() > 1 || (hostHeaders.isEmpty() && version.minorVersion() >= 1)) {
            return 400;
        }
        List<String> te = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!te.isEmpty()) {
            if (version.minorVersion() == 0) {
                return 400;
            }
            if (te.size() > 1 || !te.get(0).trim().equalsIgnoreCase("chunked")) {
                return 501;
            }
        }
        List<String> cl = request.headers().getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (cl.size() > 1) {
            return 400;
        }
        if (cl.size() == 1) {
            String value = cl.get(0).trim();
            if (value.isEmpty() || !value.chars().allMatch(Character::isDigit) || value.length() > 18) {
                return 400;
            }
        }
        String method = request.method().name();
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if ((c < 'A' || c > 'Z') && c != '_' && c != '-') {
                return 400;
            }
        }
        return 0;
    }

    /** Splits an origin-form ({@code /path?q}) or absolute-form ({@code http://host/path}) target. */
    public static Target parse(String target) {
        String host = null;
        String path = target;
        if (!target.startsWith("/")) {
            String lower = target.toLowerCase(Locale.ROOT);
            int schemeEnd = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
            if (schemeEnd < 0) {
                return new Target(null, null);
            }
            int slash = target.indexOf('/', schemeEnd);
            host = slash < 0 ? target.substring(schemeEnd) : target.substring(schemeEnd, slash);
            path = slash < 0 ? "/" : target.substring(slash);
        }
        int q = path.indexOf('?');
        return new Target(host, UriNormalizer.normalize(q < 0 ? path : path.substring(0, q)));
    }
}
