package dev.switchboard.http;

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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Specs of the directives that decide what a response contains and carries: {@code root}, {@code alias},
 * {@code index}, {@code types}, {@code default_type}, {@code add_header}, {@code error_page}, and the client-side
 * timeouts and size limits.
 */
public final class ContentDirectives {

    private static final Context[] HSL = {Context.HTTP, Context.SERVER, Context.LOCATION};
    private static final Context[] HSLI = {Context.HTTP, Context.SERVER, Context.LOCATION, Context.LOCATION_IF};

    private ContentDirectives() {
    }

    public static List<DirectiveSpec> specs() {
        List<DirectiveSpec> specs = new ArrayList<>();
        specs.add(DirectiveSpec.of("root", Context.HTTP, Context.SERVER, Context.LOCATION, Context.LOCATION_IF)
                .handle((d, scope, ctx) -> {
                    if (scope.settings().hasOwn(HttpSettings.ROOT)) {
                        throw new ConfigException("\"root\" directive is duplicate, \"alias\" or \"root\" is "
                                + "already set", d.position());
                    }
                    scope.settings().put(HttpSettings.ROOT, new DocumentRoot(template(d.arg(0), ctx), false));
                }));
        specs.add(DirectiveSpec.of("alias", Context.LOCATION)
                .handle((d, scope, ctx) -> {
                    if (scope.settings().hasOwn(HttpSettings.ROOT)) {
                        throw new ConfigException("\"alias\" directive is duplicate, \"alias\" or \"root\" is "
                                + "already set", d.position());
                    }
                    HttpSettings.LocationPattern own = scope.settings().get(HttpSettings.LOCATION);
                    if (own != null && own.modifier() == dev.switchboard.routing.LocationModifier.NAMED) {
                        throw new ConfigException("\"alias\" directive cannot be used in named location",
                                d.position());
                    }
                    scope.settings().put(HttpSettings.ROOT, new DocumentRoot(template(d.arg(0), ctx), true));
                }));
        specs.add(DirectiveSpec.of("index", Context.HTTP, Context.SERVER, Context.LOCATION)
                .arity(Arity.ONE_OR_MORE).repeatable()
                .handle((d, scope, ctx) -> {
                    List<Template> list = new ArrayList<>(scope.settings().hasOwn(HttpSettings.INDEX)
                            ? scope.settings().get(HttpSettings.INDEX) : List.of());
                    for (Argument a : d.args()) {
                        if (a.text().isEmpty()) {
                            throw new ConfigException("index \"\" in \"index\" directive is invalid", a.position());
                        }
                        list.add(template(a, ctx));
                    }
                    scope.settings().put(HttpSettings.INDEX, List.copyOf(list));
                }));
        specs.add(DirectiveSpec.of("types", HSL).arity(Arity.NONE).rawBlock()
                .handle((d, scope, ctx) -> scope.settings().put(HttpSettings.TYPES, parseTypes(d, scope.settings()
                        .hasOwn(HttpSettings.TYPES) ? scope.settings().get(HttpSettings.TYPES) : Map.of()))));
        specs.add(DirectiveSpec.of("default_type", HSL)
                .handle((d, scope, ctx) -> scope.settings().put(HttpSettings.DEFAULT_TYPE, d.arg(0).text())));
        specs.add(DirectiveSpec.of("add_header", Context.HTTP, Context.SERVER, Context.LOCATION,
                        Context.SERVER_IF, Context.LOCATION_IF)
                .arity(Arity.between(2, 3)).repeatable()
                .handle((d, scope, ctx) -> {
                    boolean always = false;
                    if (d.args().size() == 3) {
                        if (!d.arg(2).text().equals("always")) {
                            throw new ConfigException("invalid parameter \"" + d.arg(2).text() + "\"",
                                    d.arg(2).position(), "the only parameter is \"always\"");
                        }
                        always = true;
                    }
                    scope.settings().append(HttpSettings.ADD_HEADER,
                            new AddHeader(d.arg(0).text(), template(d.arg(1), ctx), always));
                }));
        specs.add(DirectiveSpec.of("error_page", HSLI).arity(Arity.TWO_OR_MORE).repeatable()
                .handle((d, scope, ctx) -> scope.settings().append(HttpSettings.ERROR_PAGE, parseErrorPage(d, ctx))));
        specs.add(time("keepalive_timeout", HttpSettings.KEEPALIVE_TIMEOUT, Arity.ONE_OR_TWO, HSL));
        specs.add(DirectiveSpec.of("keepalive_requests", HSL)
                .handle((d, scope, ctx) -> scope.settings().put(HttpSettings.KEEPALIVE_REQUESTS,
                        ConfigValues.nonNegativeInt(d.arg(0), d.name()))));
        specs.add(time("send_timeout", HttpSettings.SEND_TIMEOUT, Arity.ONE, HSL));
        specs.add(time("client_header_timeout", HttpSettings.CLIENT_HEADER_TIMEOUT, Arity.ONE,
                Context.HTTP, Context.SERVER));
        specs.add(time("client_body_timeout", HttpSettings.CLIENT_BODY_TIMEOUT, Arity.ONE, HSL));
        specs.add(DirectiveSpec.of("client_max_body_size", HSL)
                .handle((d, scope, ctx) -> scope.settings().put(HttpSettings.CLIENT_MAX_BODY_SIZE,
                        ConfigValues.size(d.arg(0), d.name()))));
        specs.add(DirectiveSpec.of("client_header_buffer_size", Context.HTTP, Context.SERVER)
                .handle((d, scope, ctx) -> scope.settings().put(HttpSettings.CLIENT_HEADER_BUFFER_SIZE,
                        ConfigValues.size(d.arg(0), d.name()))));
        specs.add(DirectiveSpec.of("large_client_header_buffers", Context.HTTP, Context.SERVER).arity(Arity.TWO)
                .handle((d, scope, ctx) -> {
                    int number = ConfigValues.positiveInt(d.arg(0), d.name());
                    long size = ConfigValues.size(d.arg(1), d.name());
                    if (size <= 1) {
                        throw new ConfigException("invalid value \"" + d.arg(1).text() + "\" in \""
                                + d.name() + "\" directive", d.arg(1).position());
                    }
                    scope.settings().put(HttpSettings.LARGE_CLIENT_HEADER_BUFFERS,
                            new HttpSettings.HeaderBuffers(number, size));
                }));
        specs.add(DirectiveSpec.of("server_tokens", HSL)
                .handle((d, scope, ctx) -> scope.settings().put(HttpSettings.SERVER_TOKENS,
                        !d.arg(0).text().equals("off"))));
        return specs;
    }

    private static DirectiveSpec time(String name, dev.switchboard.config.model.SettingKey<Long> key, Arity arity,
                                      Context... contexts) {
        return DirectiveSpec.of(name, contexts)
                .arity(arity)
                .handle((d, scope, ctx) -> scope.settings().put(key, ConfigValues.timeMillis(d.arg(0), d.name())));
    }

    static Template template(Argument a, CompileContext ctx) {
        return Template.compile(a, ctx.service(VariableRegistry.class));
    }

    static Map<String, String> parseTypes(Directive d, Map<String, String> existing) {
        Map<String, String> types = new HashMap<>(existing);
        for (Directive line : d.block()) {
            if (line.isBlock()) {
                throw new ConfigException("unexpected \"{\" in \"types\"", line.position());
            }
            if (line.args().isEmpty()) {
                throw new ConfigException("invalid number of arguments in \"types\" directive",
                        line.position(), "write \"type/subtype ext1 ext2;\"");
            }
            String type = line.name();
            for (Argument ext : line.args()) {
                types.put(ext.text().toLowerCase(Locale.ROOT), type);
            }
        }
        return Map.copyOf(types);
    }

    static ErrorPage parseErrorPage(Directive d, CompileContext ctx) {
        List<Argument> args = d.args();
        Argument target = args.get(args.size() - 1);
        int override = -1;
        int codesEnd = args.size() - 1;
        Argument maybeOverride = args.get(args.size() - 2);
        if (maybeOverride.text().startsWith("=")) {
            codesEnd--;
            String rest = maybeOverride.text().substring(1);
            if (rest.isEmpty()) {
                override = 0;
            } else {
                override = statusCode(new Argument(rest, false, maybeOverride.position()), 100, 599);
            }
        }
        if (codesEnd < 1) {
            throw new ConfigException("invalid number of arguments in \"error_page\" directive", d.position());
        }
        Set<Integer> codes = new LinkedHashSet<>();
        for (int i = 0; i < codesEnd; i++) {
            int code = statusCode(args.get(i), 300, 599);
            if (code == 499) {
                throw new ConfigException("value \"499\" must be between 300 and 599", args.get(i).position());
            }
            codes.add(code);
        }
        return new ErrorPage(Set.copyOf(codes), override, template(target, ctx));
    }

    private static int statusCode(Argument a, int min, int max) {
        int code;
        try {
            code = Integer.parseInt(a.text());
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid value \"" + a.text() + "\"", a.position());
        }
        if (code < min || code > max) {
            throw new ConfigException("value \"" + code + "\" must be between " + min + " and " + max,
                    a.position());
        }
        return code;
    }
}
