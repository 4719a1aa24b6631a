package dev.switchboard.server;

import dev.switchboard.config.model.SettingKey;

/** Settings of the main and events levels. */
public final class MainSettings {

    private MainSettings() {
    }

    /** {@code worker_processes}: event loops here; 0 means {@code auto} (one per core). nginx's default is 1. */
    public static final SettingKey<Integer> WORKER_PROCESSES = SettingKey.inherited("worker_processes", 1);
    /** {@code worker_connections}: client connections per event loop; nginx's default 512. */
    public static final SettingKey<Integer> WORKER_CONNECTIONS = SettingKey.inherited("worker_connections", 512);
    /** {@code pid}: where the process id is written, relative to the prefix (nginx: logs/nginx.pid). */
    public static final SettingKey<String> PID = SettingKey.inherited("pid", "logs/switchboard.pid");
}
