package dev.switchboard.upstream.dns;

import dev.switchboard.config.model.SettingKey;

/** Settings keys of {@code resolver} and {@code resolver_timeout}; an upstream block inherits them from http. */
public final class ResolverSettings {

    private ResolverSettings() {
    }

    public static final SettingKey<ResolverSpec> RESOLVER = SettingKey.inherited("resolver", null);
    /** {@code resolver_timeout} in milliseconds (nginx: 30s). */
    public static final SettingKey<Long> RESOLVER_TIMEOUT = SettingKey.inherited("resolver_timeout", 30_000L);
}
