package dev.switchboard.http;

import dev.switchboard.config.model.SettingKey;
import dev.switchboard.routing.LocationModifier;

import java.util.List;
import java.util.Map;

/**
 * The settings keys of the core HTTP directives, with nginx's defaults and inheritance.
 */
public final class HttpSettings {

    private HttpSettings() {
    }

    /** A location's own match rule. */
    public record LocationPattern(LocationModifier modifier, String pattern) {
    }

    /** {@code large_client_header_buffers number size}. */
    public record HeaderBuffers(int number, long size) {
    }

    public static final SettingKey<List<Listen>> LISTEN = SettingKey.local("listen", List.of());
    public static final SettingKey<List<String>> SERVER_NAMES = SettingKey.local("server_name", List.of(""));
    public static final SettingKey<LocationPattern> LOCATION = SettingKey.local("location", null);
    public static final SettingKey<List<RewriteStep>> REWRITE = SettingKey.local("rewrite", List.of());

    public static final SettingKey<DocumentRoot> ROOT = SettingKey.inherited("root", null);
    public static final SettingKey<List<dev.switchboard.vars.Template>> INDEX = SettingKey.inherited("index", null);
    public static final SettingKey<Map<String, String>> TYPES = SettingKey.inherited("types", null);
    public static final SettingKey<String> DEFAULT_TYPE = SettingKey.inherited("default_type", "text/plain");
    public static final SettingKey<List<AddHeader>> ADD_HEADER = SettingKey.inherited("add_header", List.of());
    public static final SettingKey<List<ErrorPage>> ERROR_PAGE = SettingKey.inherited("error_page", List.of());

    public static final SettingKey<Long> KEEPALIVE_TIMEOUT = SettingKey.inherited("keepalive_timeout", 75_000L);
    public static final SettingKey<Integer> KEEPALIVE_REQUESTS = SettingKey.inherited("keepalive_requests", 1000);
    public static final SettingKey<Long> SEND_TIMEOUT = SettingKey.inherited("send_timeout", 60_000L);
    public static final SettingKey<Long> CLIENT_HEADER_TIMEOUT = SettingKey.inherited("client_header_timeout", 60_000L);
    public static final SettingKey<Long> CLIENT_BODY_TIMEOUT = SettingKey.inherited("client_body_timeout", 60_000L);
    public static final SettingKey<Long> CLIENT_MAX_BODY_SIZE = SettingKey.inherited("client_max_body_size", 1L << 20);
    public static final SettingKey<Long> CLIENT_HEADER_BUFFER_SIZE =
            SettingKey.inherited("client_header_buffer_size", 1024L);
    public static final SettingKey<HeaderBuffers> LARGE_CLIENT_HEADER_BUFFERS =
            SettingKey.inherited("large_client_header_buffers", new HeaderBuffers(4, 8192));
    public static final SettingKey<Boolean> SERVER_TOKENS = SettingKey.inherited("server_tokens", true);
}
