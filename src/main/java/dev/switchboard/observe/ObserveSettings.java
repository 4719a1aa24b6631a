package dev.switchboard.observe;

import dev.switchboard.config.model.SettingKey;
import dev.switchboard.vars.Template;

import java.nio.file.Path;
import java.util.List;

/** Settings keys of the observe directives, with nginx's defaults. */
public final class ObserveSettings {

    private ObserveSettings() {
    }

    /**
     * One {@code access_log path [format [buffer=size] [flush=time] [if=condition]]}.
     *
     * @param bufferBytes 0 writes each line as it comes (no buffer=)
     * @param flushMillis with a buffer, the longest a line waits in it; 0: until the buffer fills
     * @param condition   the line is written unless it evaluates to "" or "0"; null: always
     */
    public record AccessLogSpec(Path path, LogFormat format, long bufferBytes, long flushMillis,
                                Template condition) {
    }

    /**
     * The access logs of a level. null: nginx's default ({@code logs/access.log combined}), resolved at the http level;
     * an empty list: {@code access_log off}. A level with any access_log replaces the inherited list, as in nginx.
     */
    public static final SettingKey<List<AccessLogSpec>> ACCESS_LOGS = SettingKey.inherited("access_log", null);
    /** The main-level {@code error_log file level}; null: stderr. */
    public static final SettingKey<ErrorLog.Spec> ERROR_LOG = SettingKey.local("error_log", null);
    /** Which endpoint a location serves ({@code metrics}, {@code stub_status}, {@code status_page}); local. */
    public static final SettingKey<String> ENDPOINT = SettingKey.local("observe_endpoint", null);
}
