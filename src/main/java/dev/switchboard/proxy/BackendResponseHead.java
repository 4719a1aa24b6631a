package dev.switchboard.proxy;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The backend's response head as the client gets it: nginx drops the hop-by-hop fields (Connection, Keep-Alive,
 * Transfer-Encoding, and Upgrade unless the status is 101) and those {@code proxy_hide_header} lists; the proxy's own
 * Server, Date and Connection are added later by the exchange.
 */
final class BackendResponseHead {

    private BackendResponseHead() {
    }

    static HttpResponse forClient(HttpResponse from, Set<String> hidden) {
        HttpResponse to = new DefaultHttpResponse(HttpVersion.HTTP_1_1, from.status(), false);
        for (Map.Entry<String, String> e : from.headers()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            boolean hopByHop = name.equals("connection") || name.equals("keep-alive")
                    || name.equals("transfer-encoding") || (name.equals("upgrade") && from.status().code() != 101);
            if (!hopByHop && !hidden.contains(name)) {
                to.headers().add(e.getKey(), e.getValue());
            }
        }
        return to;
    }
}
