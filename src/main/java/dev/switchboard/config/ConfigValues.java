package dev.switchboard.config;

/**
 * Parsers for nginx's value syntax, shared by all directive specs: sizes ({@code 16k}), times
 * ({@code 1m30s}), flags ({@code on|off}) and counts. Each rejects a bad value with a
 * {@link ConfigException} at the argument's position, worded as nginx words it:
 * {@code invalid value "12q" in "client_max_body_size" directive}.
 */
public final class ConfigValues {

    // The units of nginx's ngx_parse_time in the order they must appear; each may appear once.
    private static final int START = 0;
    private static final int YEAR = 1;
    private static final int MONTH = 2;
    private static final int WEEK = 3;
    private static final int DAY = 4;
    private static final int HOUR = 5;
    private static final int MINUTE = 6;
    private static final int SECOND = 7;
    private static final int MILLI = 8;
    private static final int BARE = 9;

    private static final long DAY_SECONDS = 24 * 60 * 60;

    private ConfigValues() {
    }

    /**
     * A size in bytes, as nginx's {@code ngx_parse_size}: digits with an optional {@code k/K} (KiB),
     * {@code m/M} (MiB) or {@code g/G} (GiB) suffix. No sign, no spaces, no fractions.
     */
    public static long size(Argument a, String directive) {
        String s = a.text();
        int len = s.length();
        long scale = 1;
        if (len > 0) {
            switch (s.charAt(len - 1)) {
                case 'k', 'K' -> scale = 1024L;
                case 'm', 'M' -> scale = 1024L * 1024;
                case 'g', 'G' -> scale = 1024L * 1024 * 1024;
                default -> {
                }
            }
        }
        if (scale != 1) {
            len--;
        }
        long n = digits(s, len);
        if (n < 0 || n > Long.MAX_VALUE / scale) {
            throw invalid(a, directive);
        }
        return n * scale;
    }

    /**
     * A duration in milliseconds, as nginx's {@code ngx_parse_time}: numbers with units in falling order
     * ({@code y} 365 days, {@code M} 30 days, {@code w}, {@code d}, {@code h}, {@code m}, {@code s},
     * {@code ms}), each unit at most once, so {@code 1m30s} but not {@code 30s1m}; a number without a unit
     * counts seconds. Unlike nginx's millisecond directives, {@code y} and {@code M} are accepted here: our
     * values are 64-bit and cannot overflow where nginx's 32-bit timers could.
     */
    public static long timeMillis(Argument a, String directive) {
        long ms = parseTime(a.text(), false);
        if (ms < 0) {
            throw invalid(a, directive);
        }
        return ms;
    }

    /**
     * A duration in whole seconds, for the directives nginx reads with {@code ngx_conf_set_sec_slot}
     * (such as {@code ssl_session_timeout}): the same syntax as {@link #timeMillis} but without {@code ms}.
     */
    public static long timeSeconds(Argument a, String directive) {
        long s = parseTime(a.text(), true);
        if (s < 0) {
            throw invalid(a, directive);
        }
        return s;
    }

    /** {@code on} or {@code off}, in any letter case, as nginx's {@code ngx_conf_set_flag_slot}. */
    public static boolean flag(Argument a, String directive) {
        if (a.text().equalsIgnoreCase("on")) {
            return true;
        }
        if (a.text().equalsIgnoreCase("off")) {
            return false;
        }
        throw new ConfigException("invalid value \"" + a.text() + "\" in \"" + directive
                + "\" directive, it must be \"on\" or \"off\"", a.position());
    }

    /** A decimal integer of at least 1 (no sign), such as a connection count. */
    public static int positiveInt(Argument a, String directive) {
        int n = nonNegativeInt(a, directive);
        if (n == 0) {
            throw invalid(a, directive);
        }
        return n;
    }

    /** A decimal integer of at least 0 (no sign). */
    public static int nonNegativeInt(Argument a, String directive) {
        long n = digits(a.text(), a.text().length());
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw invalid(a, directive);
        }
        return (int) n;
    }

    /** The value of the first {@code len} characters if they are all ASCII digits (at least one), else -1. */
    private static long digits(String s, int len) {
        if (len == 0) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            int digit = c - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** nginx's ngx_parse_time state machine; -1 on any error, including overflow. */
    private static long parseTime(String s, boolean inSeconds) {
        long value = 0;
        long total = 0;
        boolean valid = false;
        int step = START;
        int p = 0;
        while (p < s.length()) {
            char c = s.charAt(p++);
            if (c >= '0' && c <= '9') {
                int digit = c - '0';
                if (value > (Long.MAX_VALUE - digit) / 10) {
                    return -1;
                }
                value = value * 10 + digit;
                valid = true;
                continue;
            }
            int unit;
            long unitSeconds = 1;
            switch (c) {
                case 'y' -> {
                    unit = YEAR;
                    unitSeconds = 365 * DAY_SECONDS;
                }
                case 'M' -> {
                    unit = MONTH;
                    unitSeconds = 30 * DAY_SECONDS;
                }
                case 'w' -> {
                    unit = WEEK;
                    unitSeconds = 7 * DAY_SECONDS;
                }
                case 'd' -> {
                    unit = DAY;
                    unitSeconds = DAY_SECONDS;
                }
                case 'h' -> {
                    unit = HOUR;
                    unitSeconds = 60 * 60;
                }
                case 'm' -> {
                    if (p < s.length() && s.charAt(p) == 's') {
                        if (inSeconds) {
                            return -1;
                        }
                        p++;
                        unit = MILLI;
                    } else {
                        unit = MINUTE;
                        unitSeconds = 60;
                    }
                }
                case 's' -> unit = SECOND;
                // nginx lets a space end a bare number ("1h 30" in a quoted value), after which nothing may follow.
                case ' ' -> unit = BARE;
                default -> {
                    return -1;
                }
            }
            if (step >= (unit == BARE ? SECOND : unit)) {
                return -1;
            }
            step = unit;
            long scale = unit == MILLI ? 1 : inSeconds ? unitSeconds : unitSeconds * 1000;
            if (value > Long.MAX_VALUE / scale) {
                return -1;
            }
            value *= scale;
            if (total > Long.MAX_VALUE - value) {
                return -1;
            }
            total += value;
            value = 0;
            while (p < s.length() && s.charAt(p) == ' ') {
                p++;
            }
        }
        if (!valid) {
            return -1;
        }
        // A trailing number without a unit counts seconds, whatever came before it (as in nginx: "1m30").
        long scale = inSeconds ? 1 : 1000;
        if (value > Long.MAX_VALUE / scale || total > Long.MAX_VALUE - value * scale) {
            return -1;
        }
        return total + value * scale;
    }

    private static ConfigException invalid(Argument a, String directive) {
        return new ConfigException("invalid value \"" + a.text() + "\" in \"" + directive + "\" directive",
                a.position());
    }
}
