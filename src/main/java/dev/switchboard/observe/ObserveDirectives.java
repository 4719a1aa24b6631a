package dev.switchboard.observe;

import dev.switchboard.config.Argument;
import dev.switchboard.config.Arity;
import dev.switchboard.config.CompileContext;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigValues;
import dev.switchboard.config.Context;
import dev.switchboard.config.Directive;
import dev.switchboard.config.DirectiveSpec;
import dev.switchboard.vars.Template;
import dev.switchboard.vars.VariableRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Specs of the observe directives: nginx's {@code log_format}, {@code access_log}, {@code open_log_file_cache}
 * (accepted, with no effect: the writer keeps its files open) and {@code stub_status}, and our own {@code metrics}
 * and {@code status_page} location handlers.
 */
public final class ObserveDirectives {

    private ObserveDirectives() {
    }

    /** The log formats of one configuration; {@code combined} is predefined, as in nginx. */
    static final class Formats {
        final Map<String, LogFormat> byName = new HashMap<>();
    }

    public static List<DirectiveSpec> specs() {
        return List.of(
                DirectiveSpec.of("log_format", Context.HTTP).arity(Arity.TWO_OR_MORE).repeatable()
                        .handle((d, scope, ctx) -> logFormat(d, ctx)),
                DirectiveSpec.of("access_log", Context.HTTP, Context.SERVER, Context.LOCATION, Context.LOCATION_IF)
                        .arity(Arity.ONE_OR_MORE).repeatable()
                        .handle((d, scope, ctx) -> {
                            if (d.arg(0).text().equals("off")) {
                                if (d.args().size() > 1) {
                                    throw new ConfigException("invalid parameter \"" + d.arg(1).text() + "\"",
                                            d.arg(1).position());
                                }
                                scope.settings().put(ObserveSettings.ACCESS_LOGS, List.of());
                                return;
                            }
                            List<ObserveSettings.AccessLogSpec> own = scope.settings()
                                    .hasOwn(ObserveSettings.ACCESS_LOGS)
                                    ? scope.settings().get(ObserveSettings.ACCESS_LOGS) : null;
                            if (own != null && own.isEmpty()) {
                                return; // "off" at this level wins, as nginx ignores the rest
                            }
                            scope.settings().append(ObserveSettings.ACCESS_LOGS, accessLog(d, ctx));
                        }),
                DirectiveSpec.of("open_log_file_cache", Context.HTTP, Context.SERVER, Context.LOCATION)
                        .arity(Arity.ONE_OR_MORE)
                        .handle((d, scope, ctx) -> ctx.warn("directive \"open_log_file_cache\" has no effect in "
                                + "switchboard and is ignored (access log files stay open)", d.position())),
                endpoint("stub_status", Arity.between(0, 1)),
                endpoint("metrics", Arity.NONE),
                endpoint("status_page", Arity.NONE));
    }

    private static DirectiveSpec endpoint(String name, Arity arity) {
        return DirectiveSpec.of(name, Context.SERVER, Context.LOCATION).arity(arity)
                .handle((d, scope, ctx) -> scope.settings().put(ObserveSettings.ENDPOINT, name));
    }

    private static Formats formats(CompileContext ctx) {
        return ctx.service(Formats.class, () -> {
            Formats f = new Formats();
            f.byName.put("combined", LogFormat.compile("combined", LogFormat.Escape.DEFAULT,
                    List.of(new Argument(LogFormat.COMBINED, true, null)), ctx.service(VariableRegistry.class)));
            return f;
        });
    }

    /** nginx's default: {@code access_log logs/access.log combined}. */
    public static ObserveSettings.AccessLogSpec defaultAccessLog(CompileContext ctx) {
        return new ObserveSettings.AccessLogSpec(ctx.resolve("logs/access.log"), formats(ctx).byName.get("combined"),
                0, 0, null);
    }

    private static void logFormat(Directive d, CompileContext ctx) {
        String name = d.arg(0).text();
        Formats formats = formats(ctx);
        if (formats.byName.containsKey(name)) {
            throw new ConfigException("duplicate \"log_format\" name \"" + name + "\"", d.arg(0).position());
        }
        int first = 1;
        LogFormat.Escape escape = LogFormat.Escape.DEFAULT;
        if (d.arg(1).text().startsWith("escape=")) {
            String mode = d.arg(1).text().substring(7);
            escape = switch (mode) {
                case "default" -> LogFormat.Escape.DEFAULT;
                case "json" -> LogFormat.Escape.JSON;
                case "none" -> LogFormat.Escape.NONE;
                default -> throw new ConfigException("unknown log format escaping \"" + mode + "\"",
                        d.arg(1).position(), "use escape=default, escape=json or escape=none");
            };
            first = 2;
            if (d.args().size() < 3) {
                throw new ConfigException("invalid number of arguments in \"log_format\" directive", d.position());
            }
        }
        formats.byName.put(name, LogFormat.compile(name, escape, d.args().subList(first, d.args().size()),
                ctx.service(VariableRegistry.class)));
    }

    private static ObserveSettings.AccessLogSpec accessLog(Directive d, CompileContext ctx) {
        String path = d.arg(0).text();
        if (path.startsWith("syslog:")) {
            throw new ConfigException("syslog access logs are not supported", d.arg(0).position(),
                    "log to a file and ship it");
        }
        LogFormat format = formats(ctx).byName.get("combined");
        long buffer = 0;
        long flush = 0;
        Template condition = null;
        for (int i = 1; i < d.args().size(); i++) {
            Argument a = d.arg(i);
            String p = a.text();
            if (i == 1 && !p.contains("=")) {
                format = formats(ctx).byName.get(p);
                if (format == null) {
                    throw new ConfigException("unknown log format \"" + p + "\"", a.position(),
                            "define it with log_format before this line");
                }
            } else if (p.startsWith("buffer=")) {
                buffer = ConfigValues.size(new Argument(p.substring(7), false, a.position()), d.name());
            } else if (p.startsWith("flush=")) {
                flush = ConfigValues.timeMillis(new Argument(p.substring(6), false, a.position()), d.name());
            } else if (p.startsWith("if=")) {
                condition = Template.compile(new Argument(p.substring(3), a.quoted(), a.position()),
                        ctx.service(VariableRegistry.class));
            } else if (p.equals("gzip") || p.startsWith("gzip=")) {
                throw new ConfigException("gzip access logs are not supported", a.position());
            } else {
                throw new ConfigException("invalid parameter \"" + p + "\"", a.position());
            }
        }
        if (flush > 0 && buffer == 0) {
            throw new ConfigException("no buffer is defined for access_log \"" + path + "\"", d.position());
        }
        java.nio.file.Path file = path.equals("/dev/stdout") || path.equals("/dev/stderr")
                ? java.nio.file.Path.of(path) : ctx.resolve(path);
        return new ObserveSettings.AccessLogSpec(file, format, buffer, flush, condition);
    }
}
