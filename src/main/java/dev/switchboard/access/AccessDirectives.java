package dev.switchboard.access;

import dev.switchboard.config.Arity;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Context;
import dev.switchboard.config.DirectiveSpec;
import dev.switchboard.config.model.SettingKey;
import dev.switchboard.vars.Template;
import dev.switchboard.vars.VariableRegistry;

import java.util.List;

/**
 * Specs of nginx's access modules: {@code allow} and {@code deny} (ngx_http_access_module), {@code auth_basic} and
 * {@code auth_basic_user_file} (ngx_http_auth_basic_module), and {@code satisfy}. Each level's rule list replaces
 * the inherited one, as in nginx.
 */
public final class AccessDirectives {

    private static final Context[] HSL = {Context.HTTP, Context.SERVER, Context.LOCATION};

    static final SettingKey<List<AddressRule>> RULES = SettingKey.inherited("allow_deny", List.of());
    /** null: off. */
    static final SettingKey<Template> REALM = SettingKey.inherited("auth_basic", null);
    static final SettingKey<UserFile> USER_FILE = SettingKey.inherited("auth_basic_user_file", null);
    static final SettingKey<Boolean> SATISFY_ANY = SettingKey.inherited("satisfy", false);

    private AccessDirectives() {
    }

    public static List<DirectiveSpec> specs() {
        return List.of(rule("allow", true), rule("deny", false),
                DirectiveSpec.of("auth_basic", HSL).handle((d, scope, ctx) -> scope.settings().put(REALM,
                        d.arg(0).text().equals("off") && !d.arg(0).quoted() ? null
                                : Template.compile(d.arg(0), ctx.service(VariableRegistry.class)))),
                DirectiveSpec.of("auth_basic_user_file", HSL).handle((d, scope, ctx) -> scope.settings().put(USER_FILE,
                        UserFile.of(ctx.resolveConf(d.arg(0).text()), ctx::warn, d.position()))),
                DirectiveSpec.of("satisfy", HSL).handle((d, scope, ctx) -> {
                    String v = d.arg(0).text();
                    if (!v.equals("all") && !v.equals("any")) {
                        throw new ConfigException("invalid value \"" + v + "\" in \"satisfy\" directive, it must be "
                                + "\"all\" or \"any\"", d.arg(0).position());
                    }
                    scope.settings().put(SATISFY_ANY, v.equals("any"));
                }));
    }

    private static DirectiveSpec rule(String name, boolean allow) {
        return DirectiveSpec.of(name, HSL).arity(Arity.ONE).repeatable().handle((d, scope, ctx) -> {
            AddressRule rule = AddressRule.parse(allow, d.arg(0).text());
            if (rule == null) {
                throw new ConfigException("invalid parameter \"" + d.arg(0).text() + "\"", d.arg(0).position(),
                        "use an address, a CIDR block such as 10.0.0.0/8, or all");
            }
            scope.settings().append(RULES, rule);
        });
    }

    /** Registers {@code $remote_user}: the user name of Basic credentials, whether or not they were checked. */
    public static void registerVariables(VariableRegistry registry) {
        registry.define("remote_user", request -> {
            BasicCredentials c = BasicCredentials.parse(request.header("Authorization"));
            return c == null ? null : c.user();
        });
    }
}
