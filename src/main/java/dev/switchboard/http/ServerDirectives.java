package dev.switchboard.http;

import dev.switchboard.config.Argument;
import dev.switchboard.config.Arity;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigValues;
import dev.switchboard.config.Context;
import dev.switchboard.config.Directive;
import dev.switchboard.config.DirectiveSpec;
import dev.switchboard.routing.LocationModifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Specs of the directives that shape virtual servers: {@code server}, {@code listen}, {@code server_name},
 * {@code location}.
 */
public final class ServerDirectives {

    private ServerDirectives() {
    }

    public static List<DirectiveSpec> specs() {
        return List.of(
                DirectiveSpec.of("server", Context.HTTP).arity(Arity.NONE).opens(Context.SERVER)
                        .handle((d, scope, ctx) -> { }),
                DirectiveSpec.of("listen", Context.SERVER).arity(Arity.ONE_OR_MORE).repeatable()
                        .handle((d, scope, ctx) -> scope.settings().append(HttpSettings.LISTEN, parseListen(d))),
                DirectiveSpec.of("server_name", Context.SERVER).arity(Arity.ONE_OR_MORE).repeatable()
                        .handle((d, scope, ctx) -> {
                            List<String> names = new ArrayList<>(scope.settings().hasOwn(HttpSettings.SERVER_NAMES)
                                    ? scope.settings().get(HttpSettings.SERVER_NAMES) : List.of());
                            for (Argument a : d.args()) {
                                names.add(serverName(a, ctx));
                            }
                            scope.settings().put(HttpSettings.SERVER_NAMES, List.copyOf(names));
                        }),
                DirectiveSpec.of("location", Context.SERVER, Context.LOCATION).arity(Arity.ONE_OR_TWO)
                        .opens(Context.LOCATION)
                        .handle((d, scope, ctx) -> scope.settings().put(HttpSettings.LOCATION, parseLocation(d))));
    }

    private static String serverName(Argument a, dev.switchboard.config.CompileContext ctx) {
        String name = a.text();
        if (name.startsWith("~")) {
            return name;
        }
        if (name.contains("/")) {
            throw new ConfigException("server name \"" + name + "\" has suspicious symbols", a.position());
        }
        if (name.startsWith("$")) {
            throw new ConfigException("server name \"" + name + "\" is a variable; variables are not allowed in "
                    + "server_name", a.position());
        }
        return name.toLowerCase(Locale.ROOT);
    }

    static HttpSettings.LocationPattern parseLocation(Directive d) {
        Argument first = d.arg(0);
        if (d.args().size() == 2) {
            LocationModifier modifier = switch (first.text()) {
                case "=" -> LocationModifier.EXACT;
                case "^~" -> LocationModifier.PREFIX_NO_REGEX;
                case "~" -> LocationModifier.REGEX;
                case "~*" -> LocationModifier.REGEX_CASELESS;
                default -> throw new ConfigException("invalid location modifier \"" + first.text() + "\"",
                        first.position(), "use =, ^~, ~ or ~*");
            };
            return new HttpSettings.LocationPattern(modifier, d.arg(1).text());
        }
        String text = first.text();
        if (text.startsWith("=") && text.length() > 1) {
            return new HttpSettings.LocationPattern(LocationModifier.EXACT, text.substring(1));
        }
        if (text.startsWith("^~") && text.length() > 2) {
            return new HttpSettings.LocationPattern(LocationModifier.PREFIX_NO_REGEX, text.substring(2));
        }
        if (text.startsWith("~*") && text.length() > 2) {
            return new HttpSettings.LocationPattern(LocationModifier.REGEX_CASELESS, text.substring(2));
        }
        if (text.startsWith("~") && text.length() > 1) {
            return new HttpSettings.LocationPattern(LocationModifier.REGEX, text.substring(1));
        }
        if (text.startsWith("@")) {
            return new HttpSettings.LocationPattern(LocationModifier.NAMED, text);
        }
        return new HttpSettings.LocationPattern(LocationModifier.PREFIX, text);
    }

    static Listen parseListen(Directive d) {
        Argument addr = d.arg(0);
        String text = addr.text();
        String host;
        String portText;
        if (text.startsWith("unix:")) {
            throw new ConfigException("unix domain sockets are not supported in \"listen\"", addr.position());
        }
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new ConfigException("invalid IPv6 address \"" + text + "\" in \"listen\"", addr.position());
            }
            host = text.substring(1, close);
            portText = close + 1 < text.length() && text.charAt(close + 1) == ':' ? text.substring(close + 2) : "80";
        } else if (text.chars().allMatch(Character::isDigit)) {
            host = null;
            portText = text;
        } else {
            int colon = text.lastIndexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            portText = colon < 0 ? "80" : text.substring(colon + 1);
        }
        if ("*".equals(host)) {
            host = null;
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException("invalid port in \"" + text + "\" of the \"listen\" directive",
                    addr.position());
        }
        boolean defaultServer = false;
        boolean ssl = false;
        boolean reusePort = false;
        int backlog = Listen.DEFAULT_BACKLOG;
        for (int i = 1; i < d.args().size(); i++) {
            Argument a = d.arg(i);
            String p = a.text();
            if (p.equals("default_server") || p.equals("default")) {
                defaultServer = true;
            } else if (p.equals("ssl")) {
                ssl = true;
            } else if (p.equals("reuseport")) {
                reusePort = true;
            } else if (p.startsWith("backlog=")) {
                backlog = ConfigValues.positiveInt(new Argument(p.substring(8), false, a.position()), "listen");
            } else if (p.equals("bind") || p.equals("deferred") || p.startsWith("so_keepalive=")
                    || p.startsWith("rcvbuf=") || p.startsWith("sndbuf=") || p.startsWith("fastopen=")
                    || p.startsWith("ipv6only=") || p.equals("http2")) {
                continue;
            } else if (p.equals("proxy_protocol") || p.equals("quic")) {
                throw new ConfigException("the \"" + p + "\" parameter of \"listen\" is not supported yet",
                        a.position());
            } else {
                throw new ConfigException("invalid parameter \"" + p + "\"", a.position());
            }
        }
        return new Listen(host, port, defaultServer, backlog, ssl, reusePort, d.position());
    }
}
