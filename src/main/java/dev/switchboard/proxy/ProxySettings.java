package dev.switchboard.proxy;

import dev.switchboard.config.model.SettingKey;

import java.util.List;

/** Settings keys of the proxy module, with nginx 1.22's defaults. */
public final class ProxySettings {

    private ProxySettings() {
    }

    /** {@code proxy_pass}: like nginx, inherited into {@code if} blocks but not into nested locations. */
    public static final SettingKey<ProxyTarget> PASS = SettingKey.intoIfOnly("proxy_pass", null);
    /** "1.0" (nginx's default before 1.29.7) or "1.1". */
    public static final SettingKey<String> HTTP_VERSION = SettingKey.inherited("proxy_http_version", "1.0");
    public static final SettingKey<List<ProxyHeader>> SET_HEADER = SettingKey.inherited("proxy_set_header", null);
    public static final SettingKey<Long> CONNECT_TIMEOUT = SettingKey.inherited("proxy_connect_timeout", 60_000L);
    public static final SettingKey<Long> READ_TIMEOUT = SettingKey.inherited("proxy_read_timeout", 60_000L);
    public static final SettingKey<Long> SEND_TIMEOUT = SettingKey.inherited("proxy_send_timeout", 60_000L);
    public static final SettingKey<Boolean> PASS_REQUEST_HEADERS =
            SettingKey.inherited("proxy_pass_request_headers", true);
    public static final SettingKey<Boolean> PASS_REQUEST_BODY = SettingKey.inherited("proxy_pass_request_body", true);
    public static final SettingKey<List<String>> HIDE_HEADER = SettingKey.inherited("proxy_hide_header", List.of());
    public static final SettingKey<List<String>> PASS_HEADER = SettingKey.inherited("proxy_pass_header", List.of());
    /** {@code proxy_next_upstream} as a {@link NextUpstreamPolicy} bit mask; nginx's default is "error timeout". */
    public static final SettingKey<Integer> NEXT_UPSTREAM = SettingKey.inherited("proxy_next_upstream",
            NextUpstreamPolicy.ERROR | NextUpstreamPolicy.TIMEOUT);
    /** {@code proxy_next_upstream_tries}: 0 leaves the balancer's own limit. */
    public static final SettingKey<Integer> NEXT_UPSTREAM_TRIES = SettingKey.inherited("proxy_next_upstream_tries", 0);
    /** {@code proxy_next_upstream_timeout} in milliseconds: 0 is unlimited. */
    public static final SettingKey<Long> NEXT_UPSTREAM_TIMEOUT = SettingKey.inherited("proxy_next_upstream_timeout", 0L);
}
