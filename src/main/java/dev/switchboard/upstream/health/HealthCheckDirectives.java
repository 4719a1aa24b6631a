package dev.switchboard.upstream.health;

import dev.switchboard.config.Arity;
import dev.switchboard.config.Context;
import dev.switchboard.config.DirectiveSpec;
import dev.switchboard.config.model.SettingKey;

import java.util.List;

/**
 * The spec of {@code health_check} (upstream context, once per upstream) and the setting it writes. Registered
 * beside the upstream module's own specs, so the upstream package does not depend on this one.
 */
public final class HealthCheckDirectives {

    /** The upstream block's {@code health_check}, or {@code null} for none. */
    public static final SettingKey<HealthCheckSpec> HEALTH_CHECK = SettingKey.local("health_check", null);

    private HealthCheckDirectives() {
    }

    public static List<DirectiveSpec> specs() {
        return List.of(DirectiveSpec.of("health_check", Context.UPSTREAM).arity(Arity.ANY)
                .handle((d, scope, ctx) -> scope.settings().put(HEALTH_CHECK, HealthCheckParser.parse(d))));
    }
}
