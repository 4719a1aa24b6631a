package dev.switchboard.upstream;

import dev.switchboard.config.model.SettingKey;

import java.util.List;

/** Settings keys of an {@code upstream} block. */
public final class UpstreamSettings {

    private UpstreamSettings() {
    }

    public static final SettingKey<String> NAME = SettingKey.local("upstream", null);
    public static final SettingKey<List<ServerLine>> SERVERS = SettingKey.local("server", List.of());
    public static final SettingKey<BalancingMethod> METHOD = SettingKey.local("balancing method",
            BalancingMethod.ROUND_ROBIN);
    /** {@code keepalive N}: idle backend connections cached per event loop; 0 (no directive) caches none. */
    public static final SettingKey<Integer> KEEPALIVE = SettingKey.local("keepalive", 0);
    /** {@code keepalive_timeout} of an upstream, in milliseconds (nginx: 60s). */
    public static final SettingKey<Long> KEEPALIVE_TIMEOUT = SettingKey.local("keepalive_timeout", 60_000L);
    /** {@code keepalive_requests} of an upstream (nginx 1.19.10+: 1000). */
    public static final SettingKey<Integer> KEEPALIVE_REQUESTS = SettingKey.local("keepalive_requests", 1000);
    /** {@code zone name [size]}: the name, or null. Required by {@code server ... resolve}, as in nginx. */
    public static final SettingKey<String> ZONE = SettingKey.local("zone", null);
}
