package dev.switchboard.vars;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The time variables, read from one clock whose zone is the "local time" nginx means:
 * $msec {@code 1700000000.123}, $time_iso8601 {@code 2026-11-25T13:41:00+00:00} (nginx writes +00:00, never Z)
 * and $time_local {@code 25/Nov/2026:13:41:00 +0000}. The two second-resolution texts are cached for the current
 * second, as nginx caches its time strings, so a busy second formats each once.
 */
final class TimeFormats {

    private static final DateTimeFormatter ISO_8601 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);
    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("dd/MMM/uuuu:HH:mm:ss xx", Locale.ENGLISH);

    /** Immutable, so threads may race on the cache field and each still sees a consistent pair. */
    private record Cached(long epochSecond, String text) {
    }

    private final Clock clock;
    private Cached iso8601 = new Cached(Long.MIN_VALUE, "");
    private Cached local = new Cached(Long.MIN_VALUE, "");

    TimeFormats(Clock clock) {
        this.clock = clock;
    }

    String msec() {
        long millis = clock.millis();
        long seconds = Math.floorDiv(millis, 1000);
        int fraction = Math.floorMod(millis, 1000);
        return seconds + "." + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + fraction;
    }

    String iso8601() {
        long second = Math.floorDiv(clock.millis(), 1000);
        Cached cached = iso8601;
        if (cached.epochSecond() != second) {
            cached = new Cached(second, ISO_8601.format(at(second)));
            iso8601 = cached;
        }
        return cached.text();
    }

    String local() {
        long second = Math.floorDiv(clock.millis(), 1000);
        Cached cached = local;
        if (cached.epochSecond() != second) {
            cached = new Cached(second, LOCAL.format(at(second)));
            local = cached;
        }
        return cached.text();
    }

    private ZonedDateTime at(long epochSecond) {
        return ZonedDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), clock.getZone());
    }
}
