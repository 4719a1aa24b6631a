package dev.switchboard.http;

import dev.switchboard.config.model.ConfigBlock;
import dev.switchboard.config.model.Settings;
import dev.switchboard.routing.LocationModifier;
import dev.switchboard.vars.Template;

import java.util.List;
import java.util.Map;

/**
 * The core HTTP settings in effect for one level that can answer a request (a server, a location, an if block),
 * resolved once from the config tree with nginx's inheritance.
 *
 * @param prefix the location's prefix (for alias and proxy_pass URI replacement), or null for regex/other levels
 */
public record HttpLocation(ConfigBlock block, String prefix, List<RewriteStep> rewrite, DocumentRoot root,
                           List<Template> index, Map<String, String> types, String defaultType,
                           List<AddHeader> addHeaders, List<ErrorPage> errorPages, long keepaliveTimeoutMillis,
                           int keepaliveRequests, long sendTimeoutMillis, long clientBodyTimeoutMillis,
                           long clientMaxBodySize, boolean serverTokens) {

    /** nginx's built-in types, used when no {@code types} block is in effect. */
    public static final Map<String, String> DEFAULT_TYPES =
            Map.of("html", "text/html", "gif", "image/gif", "jpg", "image/jpeg");

    /** Reads the effective settings of a block. {@code prefix} is the enclosing prefix location's pattern. */
    public static HttpLocation of(ConfigBlock block, String prefix) {
        Settings s = block.settings();
        Map<String, String> types = s.get(HttpSettings.TYPES);
        return new HttpLocation(block, prefix, s.get(HttpSettings.REWRITE), s.get(HttpSettings.ROOT),
                s.get(HttpSettings.INDEX), types == null ? DEFAULT_TYPES : types, s.get(HttpSettings.DEFAULT_TYPE),
                s.get(HttpSettings.ADD_HEADER), s.get(HttpSettings.ERROR_PAGE),
                s.get(HttpSettings.KEEPALIVE_TIMEOUT), s.get(HttpSettings.KEEPALIVE_REQUESTS),
                s.get(HttpSettings.SEND_TIMEOUT), s.get(HttpSettings.CLIENT_BODY_TIMEOUT),
                s.get(HttpSettings.CLIENT_MAX_BODY_SIZE), s.get(HttpSettings.SERVER_TOKENS));
    }

    /** The prefix pattern of a location block when it is a prefix-type location, else null. */
    public static String prefixOf(ConfigBlock block) {
        HttpSettings.LocationPattern p = block.settings().get(HttpSettings.LOCATION);
        if (p == null) {
            return null;
        }
        return p.modifier() == LocationModifier.PREFIX || p.modifier() == LocationModifier.PREFIX_NO_REGEX
                || p.modifier() == LocationModifier.EXACT ? p.pattern() : null;
    }

    /** The MIME type for a file name by its extension. */
    public String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        int slash = fileName.lastIndexOf('/');
        if (dot > slash && dot >= 0) {
            String type = types.get(fileName.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
            if (type != null) {
                return type;
            }
        }
        return defaultType;
    }
}
