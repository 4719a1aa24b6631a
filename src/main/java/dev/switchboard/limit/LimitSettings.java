package dev.switchboard.limit;

import dev.switchboard.config.model.SettingKey;

import java.util.List;

/** Settings keys of the limit directives, with nginx's defaults. */
public final class LimitSettings {

    private LimitSettings() {
    }

    /** One {@code limit_conn zone number}. */
    public record ConnLimit(ConnZone zone, int limit) {
    }

    /** One {@code limit_req zone=name [burst=n] [nodelay | delay=n]}, burst and delay in thousandths. */
    public record ReqLimit(ReqZone zone, long burst, long delay) {
    }

    /** As nginx: a level with any limit_conn replaces the inherited list. */
    public static final SettingKey<List<ConnLimit>> LIMIT_CONN = SettingKey.inherited("limit_conn", List.of());
    public static final SettingKey<List<ReqLimit>> LIMIT_REQ = SettingKey.inherited("limit_req", List.of());
    public static final SettingKey<Integer> LIMIT_CONN_STATUS = SettingKey.inherited("limit_conn_status", 503);
    public static final SettingKey<Integer> LIMIT_REQ_STATUS = SettingKey.inherited("limit_req_status", 503);
    public static final SettingKey<Boolean> LIMIT_CONN_DRY_RUN = SettingKey.inherited("limit_conn_dry_run", false);
    public static final SettingKey<Boolean> LIMIT_REQ_DRY_RUN = SettingKey.inherited("limit_req_dry_run", false);
}
