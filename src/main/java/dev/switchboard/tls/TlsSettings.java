package dev.switchboard.tls;

import dev.switchboard.config.Argument;
import dev.switchboard.config.model.SettingKey;

import java.util.List;

/**
 * Settings keys of the {@code ssl_*} and {@code proxy_ssl_*} directives, with nginx's defaults. Paths stay
 * {@link Argument}s so that errors found when the files are read still point at the directive.
 */
public final class TlsSettings {

    private TlsSettings() {
    }

    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

    public static final SettingKey<List<Argument>> CERTIFICATES = SettingKey.inherited("ssl_certificate", List.of());
    public static final SettingKey<List<Argument>> CERTIFICATE_KEYS =
            SettingKey.inherited("ssl_certificate_key", List.of());
    public static final SettingKey<Argument> PASSWORD_FILE = SettingKey.inherited("ssl_password_file", null);
    public static final SettingKey<List<String>> PROTOCOLS = SettingKey.inherited("ssl_protocols", DEFAULT_PROTOCOLS);
    public static final SettingKey<String> CIPHERS = SettingKey.inherited("ssl_ciphers", "HIGH:!aNULL:!MD5");
    public static final SettingKey<Boolean> PREFER_SERVER_CIPHERS =
            SettingKey.inherited("ssl_prefer_server_ciphers", false);
    public static final SettingKey<SessionCache> SESSION_CACHE =
            SettingKey.inherited("ssl_session_cache", SessionCache.NONE);
    public static final SettingKey<Long> SESSION_TIMEOUT = SettingKey.inherited("ssl_session_timeout", 300L);
    public static final SettingKey<Boolean> SESSION_TICKETS = SettingKey.inherited("ssl_session_tickets", true);
    public static final SettingKey<String> ECDH_CURVE = SettingKey.inherited("ssl_ecdh_curve", "auto");
    public static final SettingKey<Argument> CLIENT_CERTIFICATE = SettingKey.inherited("ssl_client_certificate", null);
    public static final SettingKey<Argument> TRUSTED_CERTIFICATE =
            SettingKey.inherited("ssl_trusted_certificate", null);
    public static final SettingKey<ClientVerify> VERIFY_CLIENT =
            SettingKey.inherited("ssl_verify_client", ClientVerify.OFF);
    public static final SettingKey<Integer> VERIFY_DEPTH = SettingKey.inherited("ssl_verify_depth", 1);

    public static final SettingKey<Boolean> PROXY_SERVER_NAME = SettingKey.inherited("proxy_ssl_server_name", false);
    public static final SettingKey<dev.switchboard.vars.Template> PROXY_NAME =
            SettingKey.inherited("proxy_ssl_name", null);
    public static final SettingKey<Boolean> PROXY_VERIFY = SettingKey.inherited("proxy_ssl_verify", false);
    public static final SettingKey<Argument> PROXY_TRUSTED_CERTIFICATE =
            SettingKey.inherited("proxy_ssl_trusted_certificate", null);
    public static final SettingKey<Integer> PROXY_VERIFY_DEPTH = SettingKey.inherited("proxy_ssl_verify_depth", 1);
    public static final SettingKey<List<String>> PROXY_PROTOCOLS =
            SettingKey.inherited("proxy_ssl_protocols", DEFAULT_PROTOCOLS);
    public static final SettingKey<Argument> PROXY_CERTIFICATE = SettingKey.inherited("proxy_ssl_certificate", null);
    public static final SettingKey<Argument> PROXY_CERTIFICATE_KEY =
            SettingKey.inherited("proxy_ssl_certificate_key", null);
    public static final SettingKey<Argument> PROXY_PASSWORD_FILE =
            SettingKey.inherited("proxy_ssl_password_file", null);
    public static final SettingKey<Boolean> PROXY_SESSION_REUSE =
            SettingKey.inherited("proxy_ssl_session_reuse", true);
    public static final SettingKey<String> PROXY_CIPHERS = SettingKey.inherited("proxy_ssl_ciphers", "DEFAULT");
}
