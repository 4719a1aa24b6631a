package dev.switchboard.upstream.dns;

import dev.switchboard.config.Argument;
import dev.switchboard.config.Arity;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigValues;
import dev.switchboard.config.Context;
import dev.switchboard.config.Directive;
import dev.switchboard.config.DirectiveSpec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Specs of {@code resolver address ... [valid=time] [ipv6=on|off] [status_zone=zone]} and
 * {@code resolver_timeout time}, in http, server, location and (nginx 1.27.3+) upstream.
 */
public final class ResolverDirectives {

    private static final Context[] WHERE = {Context.HTTP, Context.SERVER, Context.LOCATION, Context.UPSTREAM};

    private ResolverDirectives() {
    }

    public static List<DirectiveSpec> specs() {
        return List.of(
                DirectiveSpec.of("resolver", WHERE).arity(Arity.ONE_OR_MORE)
                        .handle((d, scope, ctx) -> scope.settings().put(ResolverSettings.RESOLVER, parse(d))),
                DirectiveSpec.of("resolver_timeout", WHERE)
                        .handle((d, scope, ctx) -> scope.settings().put(ResolverSettings.RESOLVER_TIMEOUT,
                                ConfigValues.timeMillis(d.arg(0), d.name()))));
    }

    static ResolverSpec parse(Directive d) {
        List<InetSocketAddress> servers = new ArrayList<>();
        long valid = 0;
        boolean ipv6 = true;
        for (Argument a : d.args()) {
            String t = a.text();
            if (t.startsWith("valid=")) {
                valid = ConfigValues.timeMillis(new Argument(t.substring(6), a.quoted(), a.position()), d.name());
            } else if (t.startsWith("ipv6=")) {
                ipv6 = ConfigValues.flag(new Argument(t.substring(5), a.quoted(), a.position()), d.name());
            } else if (t.startsWith("ipv4=")) {
                if (!ConfigValues.flag(new Argument(t.substring(5), a.quoted(), a.position()), d.name())) {
                    throw new ConfigException("\"ipv4=off\" is not supported", a.position());
                }
            } else if (t.startsWith("status_zone=")) {
                continue;
            } else {
                servers.add(address(a));
            }
        }
        if (servers.isEmpty()) {
            throw new ConfigException("invalid number of arguments in \"resolver\" directive", d.position(),
                    "give at least one name server address");
        }
        return new ResolverSpec(servers, valid, ipv6);
    }

    /** {@code address[:port]} or {@code [ipv6][:port]}, port 53 by default; a name is resolved now, as nginx does. */
    private static InetSocketAddress address(Argument a) {
        String t = a.text();
        String host = t;
        int port = 53;
        int colon = t.lastIndexOf(':');
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new ConfigException("invalid address \"" + t + "\" in \"resolver\"", a.position());
            }
            host = t.substring(1, close);
            if (close + 1 < t.length()) {
                if (t.charAt(close + 1) != ':') {
                    throw new ConfigException("invalid address \"" + t + "\" in \"resolver\"", a.position());
                }
                port = port(t.substring(close + 2), a);
            }
        } else if (colon > 0 && t.indexOf(':') == colon) {
            host = t.substring(0, colon);
            port = port(t.substring(colon + 1), a);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new ConfigException("host not found in resolver \"" + t + "\"", a.position());
        }
    }

    private static int port(String text, Argument a) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException("invalid port in resolver \"" + a.text() + "\"", a.position());
    }
}
