package dev.switchboard.limit;

import dev.switchboard.config.Argument;
import dev.switchboard.config.Arity;
import dev.switchboard.config.CompileContext;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigValues;
import dev.switchboard.config.Context;
import dev.switchboard.config.Directive;
import dev.switchboard.config.DirectiveSpec;
import dev.switchboard.config.Position;
import dev.switchboard.config.model.SettingKey;
import dev.switchboard.vars.Template;
import dev.switchboard.vars.VariableRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Specs of nginx's limit_conn and limit_req directives. Zones are declared in the declaration pass, so
 * {@code limit_conn}/{@code limit_req} may name a zone defined later in the file, as in nginx.
 */
public final class LimitDirectives {

    private static final Context[] HSL = {Context.HTTP, Context.SERVER, Context.LOCATION};
    /** nginx's estimate of one zone entry (about 16 thousand 64-byte states per megabyte). */
    private static final int BYTES_PER_KEY = 64;
    /** nginx's smallest shared zone (8 pages). */
    private static final long MIN_ZONE = 32 * 1024;

    private LimitDirectives() {
    }

    /** The zones of one configuration, by name. */
    static final class Zones {
        final Map<String, ConnZone> conn = new HashMap<>();
        final Map<String, ReqZone> req = new HashMap<>();
        final Map<String, Directive> declared = new HashMap<>();
    }

    public static List<DirectiveSpec> specs() {
        return List.of(
                DirectiveSpec.of("limit_conn_zone", Context.HTTP).arity(Arity.TWO).repeatable()
                        .declare((d, scope, ctx) -> declareZone(d, ctx))
                        .handle((d, scope, ctx) -> { }),
                DirectiveSpec.of("limit_req_zone", Context.HTTP).arity(Arity.between(3, 4)).repeatable()
                        .declare((d, scope, ctx) -> declareZone(d, ctx))
                        .handle((d, scope, ctx) -> { }),
                DirectiveSpec.of("limit_conn", HSL).arity(Arity.TWO).repeatable().handle((d, scope, ctx) -> {
                    ConnZone zone = zones(ctx).conn.get(d.arg(0).text());
                    if (zone == null) {
                        throw new ConfigException("unknown limit_conn_zone \"" + d.arg(0).text() + "\"",
                                d.arg(0).position());
                    }
                    for (LimitSettings.ConnLimit existing : own(scope.settings(), LimitSettings.LIMIT_CONN)) {
                        if (existing.zone() == zone) {
                            throw new ConfigException("\"limit_conn\" directive is duplicate", d.position());
                        }
                    }
                    scope.settings().append(LimitSettings.LIMIT_CONN, new LimitSettings.ConnLimit(zone,
                            ConfigValues.positiveInt(d.arg(1), d.name())));
                }),
                DirectiveSpec.of("limit_req", HSL).arity(Arity.between(1, 3)).repeatable()
                        .handle((d, scope, ctx) -> scope.settings().append(LimitSettings.LIMIT_REQ,
                                parseLimitReq(d, ctx))),
                status("limit_conn_status", LimitSettings.LIMIT_CONN_STATUS),
                status("limit_req_status", LimitSettings.LIMIT_REQ_STATUS),
                flag("limit_conn_dry_run", LimitSettings.LIMIT_CONN_DRY_RUN),
                flag("limit_req_dry_run", LimitSettings.LIMIT_REQ_DRY_RUN),
                logLevel("limit_conn_log_level"),
                logLevel("limit_req_log_level"));
    }

    private static <T> List<T> own(dev.switchboard.config.model.Settings s, SettingKey<List<T>> key) {
        return s.hasOwn(key) ? s.get(key) : List.of();
    }

    private static Zones zones(CompileContext ctx) {
        return ctx.service(Zones.class, Zones::new);
    }

    private static void declareZone(Directive d, CompileContext ctx) {
        boolean req = d.name().equals("limit_req_zone");
        if (d.args().size() < 2) {
            return;
        }
        Template key = Template.compile(d.arg(0), ctx.service(VariableRegistry.class));
        String name = null;
        long size = 0;
        long rate = 0;
        Position zonePos = d.position();
        for (int i = 1; i < d.args().size(); i++) {
            Argument a = d.arg(i);
            String p = a.text();
            if (p.startsWith("zone=")) {
                zonePos = a.position();
                String[] parts = p.substring(5).split(":", 2);
                if (parts.length != 2 || parts[0].isEmpty()) {
                    throw new ConfigException("invalid zone size \"" + p + "\"", a.position(),
                            "write zone=name:size, e.g. zone=addr:10m");
                }
                name = parts[0];
                size = ConfigValues.size(new Argument(parts[1], false, a.position()), d.name());
                if (size < MIN_ZONE) {
                    throw new ConfigException("zone \"" + name + "\" is too small", a.position(),
                            "the smallest zone is 32k");
                }
            } else if (req && p.startsWith("rate=")) {
                rate = parseRate(p.substring(5), a.position());
            } else if (req && p.equals("sync")) {
                continue;
            } else {
                throw new ConfigException("invalid parameter \"" + p + "\"", a.position());
            }
        }
        if (name == null) {
            throw new ConfigException("\"" + d.name() + "\" must have \"zone\" parameter", d.position());
        }
        if (req && rate == 0) {
            throw new ConfigException("\"limit_req_zone\" must have \"rate\" parameter", d.position());
        }
        Zones zones = zones(ctx);
        if (zones.declared.containsKey(name)) {
            throw new ConfigException("duplicate zone \"" + name + "\"", zonePos);
        }
        zones.declared.put(name, d);
        int maxKeys = (int) Math.min(Integer.MAX_VALUE, size / BYTES_PER_KEY);
        if (req) {
            zones.req.put(name, new ReqZone(name, key, rate, maxKeys));
        } else {
            zones.conn.put(name, new ConnZone(name, key, maxKeys));
        }
    }

    /** nginx's rate: {@code Nr/s} or {@code Nr/m}, kept in thousandths of a request per second. */
    static long parseRate(String text, Position at) {
        int scale;
        String n;
        if (text.endsWith("r/s")) {
            scale = 1;
            n = text.substring(0, text.length() - 3);
        } else if (text.endsWith("r/m")) {
            scale = 60;
            n = text.substring(0, text.length() - 3);
        } else {
            throw new ConfigException("invalid rate \"" + text + "\"", at, "write it as Nr/s or Nr/m");
        }
        try {
            long r = Long.parseLong(n);
            if (r > 0) {
                return r * 1000 / scale;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException("invalid rate \"" + text + "\"", at);
    }

    private static LimitSettings.ReqLimit parseLimitReq(Directive d, CompileContext ctx) {
        ReqZone zone = null;
        long burst = 0;
        long delay = 0;
        boolean nodelay = false;
        for (Argument a : d.args()) {
            String p = a.text();
            if (p.startsWith("zone=")) {
                zone = zones(ctx).req.get(p.substring(5));
                if (zone == null) {
                    throw new ConfigException("unknown limit_req_zone \"" + p.substring(5) + "\"", a.position());
                }
            } else if (p.startsWith("burst=")) {
                burst = ConfigValues.nonNegativeInt(new Argument(p.substring(6), false, a.position()), d.name());
            } else if (p.startsWith("delay=")) {
                delay = ConfigValues.nonNegativeInt(new Argument(p.substring(6), false, a.position()), d.name());
            } else if (p.equals("nodelay")) {
                nodelay = true;
            } else {
                throw new ConfigException("invalid parameter \"" + p + "\"", a.position());
            }
        }
        if (zone == null) {
            throw new ConfigException("\"limit_req\" must have \"zone\" parameter", d.position());
        }
        return new LimitSettings.ReqLimit(zone, burst * 1000, nodelay ? burst * 1000 : delay * 1000);
    }

    private static DirectiveSpec status(String name, SettingKey<Integer> key) {
        return DirectiveSpec.of(name, HSL).handle((d, scope, ctx) -> {
            int code = ConfigValues.positiveInt(d.arg(0), d.name());
            if (code < 400 || code > 599) {
                throw new ConfigException("value must be between 400 and 599", d.arg(0).position());
            }
            scope.settings().put(key, code);
        });
    }

    private static DirectiveSpec flag(String name, SettingKey<Boolean> key) {
        return DirectiveSpec.of(name, HSL).handle((d, scope, ctx) ->
                scope.settings().put(key, ConfigValues.flag(d.arg(0), d.name())));
    }

    private static DirectiveSpec logLevel(String name) {
        return DirectiveSpec.of(name, HSL).handle((d, scope, ctx) -> {
            String level = d.arg(0).text();
            if (!List.of("info", "notice", "warn", "error").contains(level)) {
                throw new ConfigException("invalid value \"" + level + "\" in \"" + name + "\" directive",
                        d.arg(0).position(), "use info, notice, warn or error");
            }
        });
    }
}
