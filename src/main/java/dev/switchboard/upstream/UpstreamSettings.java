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
}
