package dev.switchboard.upstream.health;

import dev.switchboard.config.Argument;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigValues;
import dev.switchboard.config.Directive;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the parameters of {@code health_check} (see {@link HealthCheckSpec} for each one and its default) and
 * rejects combinations that cannot work, naming the argument's position.
 */
public final class HealthCheckParser {

    private static final String NAME = "health_check";

    private HealthCheckParser() {
    }

    /** The spec of one {@code health_check} directive. */
    public static HealthCheckSpec parse(Directive d) {
        long interval = HealthCheckSpec.DEFAULT_INTERVAL_MILLIS;
        long timeout = -1;
        int fails = 1;
        int passes = 1;
        int port = 0;
        String uri = "/";
        HealthCheckSpec.Type type = HealthCheckSpec.Type.HTTP;
        boolean ping = false;
        boolean mandatory = false;
        StatusRanges status = null;
        BodyMatch body = null;
        Argument pingArg = null;
        Argument httpOnlyArg = null;
        for (Argument a : d.args()) {
            String p = a.text();
            if (p.startsWith("interval=")) {
                interval = positiveTime(value(a, 9));
            } else if (p.startsWith("timeout=")) {
                timeout = positiveTime(value(a, 8));
            } else if (p.startsWith("fails=")) {
                fails = ConfigValues.positiveInt(value(a, 6), NAME);
            } else if (p.startsWith("passes=")) {
                passes = ConfigValues.positiveInt(value(a, 7), NAME);
            } else if (p.startsWith("port=")) {
                port = ConfigValues.positiveInt(value(a, 5), NAME);
                if (port > 65535) {
                    throw new ConfigException("invalid port \"" + p.substring(5) + "\" in \"health_check\"",
                            a.position());
                }
            } else if (p.startsWith("uri=")) {
                uri = p.substring(4);
                if (!uri.startsWith("/") || uri.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                    throw new ConfigException("invalid uri \"" + uri + "\" in \"health_check\"", a.position(),
                            "the uri starts with \"/\" and has no spaces or control characters");
                }
            } else if (p.startsWith("type=")) {
                type = switch (p.substring(5).toLowerCase(Locale.ROOT)) {
                    case "http" -> HealthCheckSpec.Type.HTTP;
                    case "websocket" -> HealthCheckSpec.Type.WEBSOCKET;
                    default -> throw new ConfigException("invalid type \"" + p.substring(5)
                            + "\" in \"health_check\"", a.position(), "the type is \"http\" or \"websocket\"");
                };
            } else if (p.equals("ping")) {
                ping = true;
                pingArg = a;
            } else if (p.equals("mandatory")) {
                mandatory = true;
            } else if (p.startsWith("status=")) {
                try {
                    status = StatusRanges.parse(p.substring(7));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(e.getMessage() + " in \"health_check\"", a.position(),
                            "write status=200-399 or status=200,204 or status=!500-599");
                }
                httpOnlyArg = a;
            } else if (p.startsWith("body=")) {
                body = bodyMatch(a);
                httpOnlyArg = a;
            } else if (p.startsWith("match=")) {
                throw new ConfigException("\"match\" blocks are not supported", a.position(),
                        "use the status= and body= parameters of \"health_check\"");
            } else {
                throw new ConfigException("invalid parameter \"" + p + "\"", a.position());
            }
        }
        if (type == HealthCheckSpec.Type.WEBSOCKET && httpOnlyArg != null) {
            throw new ConfigException("\"" + httpOnlyArg.text() + "\" needs type=http", httpOnlyArg.position(),
                    "a websocket check expects 101 Switching Protocols");
        }
        if (type == HealthCheckSpec.Type.HTTP && pingArg != null) {
            throw new ConfigException("\"ping\" needs type=websocket", pingArg.position());
        }
        return new HealthCheckSpec(interval, fails, passes, uri, timeout < 0 ? HealthCheckSpec.defaultTimeout(interval) : timeout, type, ping,
                status == null ? StatusRanges.DEFAULT : status, body, mandatory, port);
    }

    private static BodyMatch bodyMatch(Argument a) {
        String v = a.text().substring(5);
        boolean negated = v.startsWith("!~");
        if (!negated && !v.startsWith("~")) {
            throw new ConfigException("invalid body test \"" + v + "\" in \"health_check\"", a.position(),
                    "write body=~REGEX or body=!~REGEX");
        }
        String regex = v.substring(negated ? 2 : 1);
        try {
            // the body is read as UTF-8 (HttpProbeHandler); the configuration's text is its bytes (RawText)
            return new BodyMatch(Pattern.compile(dev.switchboard.config.RawText.toUnicode(regex)), negated);
        } catch (PatternSyntaxException e) {
            throw new ConfigException("invalid regex \"" + regex + "\" in \"health_check\": "
                    + e.getDescription(), a.position());
        }
    }

    private static long positiveTime(Argument a) {
        long ms = ConfigValues.timeMillis(a, NAME);
        if (ms <= 0) {
            throw new ConfigException("invalid value \"" + a.text() + "\" in \"health_check\"", a.position(),
                    "the time must be above zero");
        }
        return ms;
    }

    private static Argument value(Argument a, int from) {
        return new Argument(a.text().substring(from), a.quoted(), a.position());
    }
}
