package dev.switchboard.observe;

import dev.switchboard.http.HttpRequestContext;
import dev.switchboard.http.RequestLog;
import dev.switchboard.vars.RequestContext;
import dev.switchboard.vars.VariableRegistry;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * nginx's log-phase variables ({@code $status}, {@code $bytes_sent}, {@code $request_time}, {@code $upstream_*},
 * ...) and the WebSocket session variables of our own ({@code $websocket_duration}, {@code $websocket_messages_in},
 * ...), all read from the request's {@link RequestLog}. Times are seconds with millisecond resolution, as nginx
 * prints them; upstream values list every attempt separated by ", ".
 */
public final class LogVariables {

    private LogVariables() {
    }

    public static void register(VariableRegistry registry) {
        registry.define("status", r -> withLog(r, l -> String.format("%03d", l.status)));
        registry.define("body_bytes_sent", r -> withLog(r, l -> Long.toString(Math.max(0, l.bytesSent
                - (l.bytesSent > 0 ? l.headerBytes : 0)))));
        registry.define("bytes_sent", r -> withLog(r, l -> Long.toString(l.bytesSent)));
        registry.define("request_length", r -> withLog(r, l -> Long.toString(l.requestLength)));
        registry.define("request_time", r -> withLog(r, l -> seconds(l.elapsedMillis())));
        registry.define("connection_requests", r -> withLog(r, l -> Integer.toString(l.connectionRequests)));
        registry.define("upstream_addr", r -> attempts(r, a -> a.address));
        registry.define("upstream_status", r -> attempts(r, a -> a.status == 0 ? "-" : Integer.toString(a.status)));
        registry.define("upstream_connect_time", r -> attempts(r, a -> seconds(a.connectMillis)));
        registry.define("upstream_header_time", r -> attempts(r, a -> seconds(a.headerMillis)));
        registry.define("upstream_response_time", r -> attempts(r, a -> seconds(a.responseMillis)));
        registry.define("websocket_duration", ws(l -> l.wsDurationMillis, true));
        registry.define("websocket_messages_in", ws(l -> l.wsMessagesIn, false));
        registry.define("websocket_messages_out", ws(l -> l.wsMessagesOut, false));
        registry.define("websocket_bytes_in", ws(l -> l.wsBytesIn, false));
        registry.define("websocket_bytes_out", ws(l -> l.wsBytesOut, false));
        registry.define("websocket_close_code", ws(l -> l.wsCloseCode, false));
        registry.define("websocket_close_by", r -> withLog(r, l -> l.upgraded ? l.wsCloseBy : null));
    }

    private static dev.switchboard.vars.Variable ws(ToLongFunction<RequestLog> field, boolean time) {
        return r -> withLog(r, l -> !l.upgraded ? null
                : time ? seconds(field.applyAsLong(l)) : Long.toString(field.applyAsLong(l)));
    }

    private static String withLog(RequestContext request, Function<RequestLog, String> read) {
        return request instanceof HttpRequestContext h ? read.apply(h.log()) : null;
    }

    private static String attempts(RequestContext request, Function<RequestLog.Attempt, String> read) {
        if (!(request instanceof HttpRequestContext h)) {
            return null;
        }
        List<RequestLog.Attempt> all = h.log().attempts();
        if (all.isEmpty()) {
            return null;
        }
        if (all.size() == 1) {
            return read.apply(all.get(0));
        }
        StringBuilder out = new StringBuilder();
        for (RequestLog.Attempt a : all) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(read.apply(a));
        }
        return out.toString();
    }

    /** Milliseconds as nginx's "%T.%03M" seconds; "-" when unknown. */
    static String seconds(long millis) {
        if (millis < 0) {
            return "-";
        }
        long frac = millis % 1000;
        return (millis / 1000) + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
    }
}
