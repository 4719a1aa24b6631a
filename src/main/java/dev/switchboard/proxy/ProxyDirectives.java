package dev.switchboard.proxy;

import dev.switchboard.config.Argument;
import dev.switchboard.config.Arity;
import dev.switchboard.config.CompileContext;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigValues;
import dev.switchboard.config.Context;
import dev.switchboard.config.Directive;
import dev.switchboard.config.DirectiveSpec;
import dev.switchboard.config.Scope;
import dev.switchboard.config.model.SettingKey;
import dev.switchboard.http.HttpSettings;
import dev.switchboard.routing.LocationModifier;
import dev.switchboard.vars.Template;
import dev.switchboard.vars.VariableRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Specs of the proxy module's directives ({@code proxy_pass}, {@code proxy_set_header}, the proxy timeouts ...),
 * with nginx's contexts and value rules.
 */
public final class ProxyDirectives {

    private static final Context[] HSL = {Context.HTTP, Context.SERVER, Context.LOCATION};

    private ProxyDirectives() {
    }

    public static List<DirectiveSpec> specs() {
        List<DirectiveSpec> specs = new ArrayList<>();
        specs.add(DirectiveSpec.of("proxy_pass", Context.LOCATION, Context.LOCATION_IF)
                .handle((d, scope, ctx) -> scope.settings().put(ProxySettings.PASS, parsePass(d.arg(0), scope, ctx))));
        specs.add(DirectiveSpec.of("proxy_http_version", HSL)
                .handle((d, scope, ctx) -> {
                    String v = d.arg(0).text();
                    if (!v.equals("1.0") && !v.equals("1.1")) {
                        throw new ConfigException("invalid value \"" + v + "\" in \"proxy_http_version\" directive",
                                d.arg(0).position(), "it must be \"1.0\" or \"1.1\"");
                    }
                    scope.settings().put(ProxySettings.HTTP_VERSION, v);
                }));
        specs.add(DirectiveSpec.of("proxy_set_header", HSL).arity(Arity.TWO).repeatable()
                .handle((d, scope, ctx) -> scope.settings().append(listKey(), new ProxyHeader(d.arg(0).text(),
                        Template.compile(d.arg(1), ctx.service(VariableRegistry.class))))));
        specs.add(time("proxy_connect_timeout", ProxySettings.CONNECT_TIMEOUT));
        specs.add(time("proxy_read_timeout", ProxySettings.READ_TIMEOUT));
        specs.add(time("proxy_send_timeout", ProxySettings.SEND_TIMEOUT));
        specs.add(flag("proxy_pass_request_headers", ProxySettings.PASS_REQUEST_HEADERS));
        specs.add(flag("proxy_pass_request_body", ProxySettings.PASS_REQUEST_BODY));
        specs.add(DirectiveSpec.of("proxy_hide_header", HSL).repeatable()
                .handle((d, scope, ctx) -> scope.settings().append(ProxySettings.HIDE_HEADER,
                        d.arg(0).text().toLowerCase(Locale.ROOT))));
        specs.add(DirectiveSpec.of("proxy_pass_header", HSL).repeatable()
                .handle((d, scope, ctx) -> scope.settings().append(ProxySettings.PASS_HEADER,
                        d.arg(0).text().toLowerCase(Locale.ROOT))));
        specs.add(DirectiveSpec.of("proxy_next_upstream", HSL).arity(Arity.ONE_OR_MORE)
                .handle((d, scope, ctx) -> scope.settings().put(ProxySettings.NEXT_UPSTREAM, nextUpstreamMask(d, ctx))));
        specs.add(DirectiveSpec.of("proxy_next_upstream_tries", HSL)
                .handle((d, scope, ctx) -> scope.settings().put(ProxySettings.NEXT_UPSTREAM_TRIES,
                        ConfigValues.nonNegativeInt(d.arg(0), d.name()))));
        specs.add(time("proxy_next_upstream_timeout", ProxySettings.NEXT_UPSTREAM_TIMEOUT));
        return specs;
    }

    /**
     * nginx's bitmask slot: each value must be known, a repeated value is only warned about, and {@code off}
     * anywhere in the list wins over the others (as nginx's merge step does).
     */
    static int nextUpstreamMask(Directive d, CompileContext ctx) {
        int mask = 0;
        for (Argument a : d.args()) {
            Integer bit = NextUpstreamPolicy.VALUES.get(a.text());
            if (bit == null) {
                throw new ConfigException("invalid value \"" + a.text() + "\" in \"" + d.name() + "\" directive",
                        a.position(), "the values are " + String.join(", ", NextUpstreamPolicy.VALUES.keySet()));
            }
            if ((mask & bit) != 0) {
                ctx.warn("duplicate value \"" + a.text() + "\" in \"" + d.name() + "\" directive", a.position());
            }
            mask |= bit;
        }
        return (mask & NextUpstreamPolicy.OFF) != 0 ? NextUpstreamPolicy.OFF : mask;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static SettingKey<List<ProxyHeader>> listKey() {
        return ProxySettings.SET_HEADER;
    }

    private static DirectiveSpec time(String name, SettingKey<Long> key) {
        return DirectiveSpec.of(name, HSL)
                .handle((d, scope, ctx) -> scope.settings().put(key, ConfigValues.timeMillis(d.arg(0), d.name())));
    }

    private static DirectiveSpec flag(String name, SettingKey<Boolean> key) {
        return DirectiveSpec.of(name, HSL)
                .handle((d, scope, ctx) -> scope.settings().put(key, ConfigValues.flag(d.arg(0), d.name())));
    }

    static ProxyTarget parsePass(Argument arg, Scope scope, CompileContext ctx) {
        String url = arg.text();
        String lower = url.toLowerCase(Locale.ROOT);
        boolean https;
        int schemeLength;
        if (lower.startsWith("http://")) {
            https = false;
            schemeLength = 7;
        } else if (lower.startsWith("https://")) {
            https = true;
            schemeLength = 8;
        } else if (url.startsWith("$")) {
            https = false;
            schemeLength = 0;
        } else {
            throw new ConfigException("invalid URL prefix in \"" + url + "\"", arg.position(),
                    url.contains("://") ? "the scheme must be http:// or https://"
                            : "did you mean \"http://" + url + "\"?");
        }
        if (url.indexOf('$') >= 0) {
            if (https) {
                throw new ConfigException("variables in an https:// \"proxy_pass\" are not supported yet",
                        arg.position(), "name the backend without variables, or use an upstream block");
            }
            return new ProxyTarget(false, null, null, 80, false, null,
                    Template.compile(arg, ctx.service(VariableRegistry.class)));
        }
        String rest = url.substring(schemeLength);
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String uri = slash < 0 ? null : rest.substring(slash);
        if (hostPort.isEmpty()) {
            throw new ConfigException("no host in \"" + url + "\" of the \"proxy_pass\" directive", arg.position());
        }
        if (hostPort.startsWith("unix:")) {
            throw new ConfigException("unix domain sockets are not supported in \"proxy_pass\"", arg.position());
        }
        String host = hostPort;
        int port = https ? 443 : 80;
        boolean explicitPort = false;
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && hostPort.indexOf(']') < colon) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new ConfigException("invalid port in \"" + url + "\" of the \"proxy_pass\" directive",
                        arg.position());
            }
            explicitPort = true;
        }
        if (uri != null) {
            checkUriAllowed(scope, arg);
        }
        return new ProxyTarget(https, hostPort, host, port, explicitPort, uri, null);
    }

    private static void checkUriAllowed(Scope scope, Argument arg) {
        HttpSettings.LocationPattern pattern = scope.settings().get(HttpSettings.LOCATION);
        boolean regexOrNamed = pattern != null && (pattern.modifier() == LocationModifier.REGEX
                || pattern.modifier() == LocationModifier.REGEX_CASELESS || pattern.modifier() == LocationModifier.NAMED);
        if (scope.context() == Context.LOCATION_IF || regexOrNamed) {
            throw new ConfigException("\"proxy_pass\" cannot have URI part in location given by regular expression, "
                    + "or inside named location, or inside \"if\" statement", arg.position(),
                    "remove the path after the host, or use a prefix location");
        }
    }
}
