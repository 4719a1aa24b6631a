package dev.switchboard.http;

import io.netty.handler.codec.DateFormatter;

import java.util.Date;

/**
 * The {@code Date} response header's value (RFC 9110 §6.6.1, IMF-fixdate, whole seconds), formatted at most once a
 * second instead of per response, as nginx keeps its {@code ngx_cached_http_time}. Shared by all event loops: the
 * cached value is immutable and a race at most formats the same second twice.
 */
final class HttpDate {

    private record Stamp(long second, String text) {
    }

    private static volatile Stamp current = new Stamp(Long.MIN_VALUE, "");

    private HttpDate() {
    }

    /** The current time as an HTTP date. */
    static String now() {
        long second = Math.floorDiv(System.currentTimeMillis(), 1000L);
        Stamp stamp = current;
        if (stamp.second() != second) {
            stamp = new Stamp(second, DateFormatter.format(new Date(second * 1000L)));
            current = stamp;
        }
        return stamp.text();
    }
}
