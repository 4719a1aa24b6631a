package dev.switchboard.upstream;

import dev.switchboard.config.Argument;
import dev.switchboard.config.Arity;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigValues;
import dev.switchboard.config.Context;
import dev.switchboard.config.Directive;
import dev.switchboard.config.DirectiveSpec;
import dev.switchboard.config.Scope;
import dev.switchboard.config.model.ConfigBlock;
import dev.switchboard.vars.Template;
import dev.switchboard.vars.VariableRegistry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Specs of the upstream module's directives: {@code upstream}, {@code server} inside it, and the balancing methods
 * {@code hash}, {@code ip_hash}, {@code least_conn}, {@code random}. Upstream blocks are collected in an {@link UpstreamBlocks}
 * service so {@code proxy_pass} can name them before or after their definition.
 */
public final class UpstreamDirectives {

    private UpstreamDirectives() {
    }

    /** The upstream blocks of a configuration, by name, in definition order. */
    public static final class UpstreamBlocks {
        private final Map<String, ConfigBlock> blocks = new LinkedHashMap<>();

        public Map<String, ConfigBlock> blocks() {
            return blocks;
        }
    }

    public static List<DirectiveSpec> specs() {
        return List.of(
                DirectiveSpec.of("upstream", Context.HTTP).opens(Context.UPSTREAM)
                        .handle((d, scope, ctx) -> {
                            String name = d.arg(0).text();
                            UpstreamBlocks all = ctx.service(UpstreamBlocks.class, UpstreamBlocks::new);
                            if (all.blocks().containsKey(name)) {
                                throw new ConfigException("duplicate upstream \"" + name + "\"", d.position());
                            }
                            all.blocks().put(name, scope.block());
                            scope.settings().put(UpstreamSettings.NAME, name);
                        }),
                DirectiveSpec.of("server", Context.UPSTREAM).arity(Arity.ONE_OR_MORE).repeatable()
                        .handle((d, scope, ctx) -> scope.settings().append(UpstreamSettings.SERVERS, serverLine(d))),
                DirectiveSpec.of("hash", Context.UPSTREAM).arity(Arity.ONE_OR_TWO)
                        .handle((d, scope, ctx) -> {
                            boolean consistent = false;
                            if (d.args().size() == 2) {
                                if (!d.arg(1).text().equals("consistent")) {
                                    throw new ConfigException("invalid parameter \"" + d.arg(1).text() + "\"",
                                            d.arg(1).position(), "the only parameter is \"consistent\"");
                                }
                                consistent = true;
                            }
                            Template key = Template.compile(d.arg(0), ctx.service(VariableRegistry.class));
                            method(d, scope, new BalancingMethod(consistent ? BalancingMethod.Kind.CONSISTENT_HASH
                                    : BalancingMethod.Kind.HASH, key));
                        }),
                DirectiveSpec.of("ip_hash", Context.UPSTREAM).arity(Arity.NONE)
                        .handle((d, scope, ctx) -> method(d, scope,
                                new BalancingMethod(BalancingMethod.Kind.IP_HASH, null))),
                DirectiveSpec.of("least_conn", Context.UPSTREAM).arity(Arity.NONE)
                        .handle((d, scope, ctx) -> method(d, scope,
                                new BalancingMethod(BalancingMethod.Kind.LEAST_CONN, null))),
                DirectiveSpec.of("random", Context.UPSTREAM).arity(Arity.between(0, 2))
                        .handle((d, scope, ctx) -> method(d, scope, randomMethod(d))),
                DirectiveSpec.of("keepalive", Context.UPSTREAM)
                        .handle((d, scope, ctx) -> scope.settings().put(UpstreamSettings.KEEPALIVE,
                                ConfigValues.positiveInt(d.arg(0), d.name()))),
                DirectiveSpec.of("keepalive_timeout", Context.UPSTREAM)
                        .handle((d, scope, ctx) -> scope.settings().put(UpstreamSettings.KEEPALIVE_TIMEOUT,
                                ConfigValues.timeMillis(d.arg(0), d.name()))),
                DirectiveSpec.of("keepalive_requests", Context.UPSTREAM)
                        .handle((d, scope, ctx) -> scope.settings().put(UpstreamSettings.KEEPALIVE_REQUESTS,
                                ConfigValues.positiveInt(d.arg(0), d.name()))),
                DirectiveSpec.of("zone", Context.UPSTREAM).arity(Arity.ONE_OR_TWO)
                        .handle((d, scope, ctx) -> {
                            if (d.args().size() == 2) {
                                ConfigValues.size(d.arg(1), d.name());
                            }
                            scope.settings().put(UpstreamSettings.ZONE, d.arg(0).text());
                        }));
    }

    /** nginx's {@code random [two [least_conn]]}: any other parameter is an error. */
    static BalancingMethod randomMethod(Directive d) {
        if (d.args().isEmpty()) {
            return new BalancingMethod(BalancingMethod.Kind.RANDOM, null);
        }
        if (!d.arg(0).text().equals("two")) {
            throw new ConfigException("invalid parameter \"" + d.arg(0).text() + "\"", d.arg(0).position(),
                    "the syntax is \"random [two [least_conn]]\"");
        }
        if (d.args().size() == 2 && !d.arg(1).text().equals("least_conn")) {
            throw new ConfigException("invalid parameter \"" + d.arg(1).text() + "\"", d.arg(1).position(),
                    "the only method for \"two\" is \"least_conn\"");
        }
        return new BalancingMethod(BalancingMethod.Kind.RANDOM_TWO, null);
    }

    private static void method(Directive d, Scope scope, BalancingMethod method) {
        if (scope.settings().hasOwn(UpstreamSettings.METHOD)) {
            throw new ConfigException("load balancing method redefined", d.position(),
                    "an upstream takes one of hash, ip_hash, least_conn, random");
        }
        scope.settings().put(UpstreamSettings.METHOD, method);
    }

    static ServerLine serverLine(Directive d) {
        String address = d.arg(0).text();
        int weight = 1;
        int maxFails = 1;
        int failTimeout = 10;
        int maxConns = 0;
        boolean backup = false;
        boolean down = false;
        boolean resolve = false;
        for (int i = 1; i < d.args().size(); i++) {
            Argument a = d.arg(i);
            String p = a.text();
            if (p.startsWith("weight=")) {
                weight = ConfigValues.positiveInt(sub(a, 7), "server");
            } else if (p.startsWith("max_fails=")) {
                maxFails = ConfigValues.nonNegativeInt(sub(a, 10), "server");
            } else if (p.startsWith("fail_timeout=")) {
                failTimeout = (int) (ConfigValues.timeMillis(sub(a, 13), "server") / 1000);
            } else if (p.startsWith("max_conns=")) {
                maxConns = ConfigValues.nonNegativeInt(sub(a, 10), "server");
            } else if (p.equals("backup")) {
                backup = true;
            } else if (p.equals("down")) {
                down = true;
            } else if (p.equals("resolve")) {
                resolve = true;
            } else if (p.startsWith("service=") || p.startsWith("slow_start=")
                    || p.startsWith("route=")) {
                throw new ConfigException("the \"" + p + "\" parameter of \"server\" is not supported yet",
                        a.position());
            } else {
                throw new ConfigException("invalid parameter \"" + p + "\"", a.position());
            }
        }
        if (address.startsWith("unix:")) {
            throw new ConfigException("unix domain sockets are not supported in \"server\"", d.arg(0).position());
        }
        return new ServerLine(address, weight, maxFails, failTimeout, maxConns, backup, down, resolve, d.position());
    }

    private static Argument sub(Argument a, int from) {
        return new Argument(a.text().substring(from), a.quoted(), a.position());
    }
}
