package dev.switchboard.proxy;

import dev.switchboard.config.Argument;
import dev.switchboard.config.Position;
import dev.switchboard.config.model.Settings;
import dev.switchboard.vars.Template;
import dev.switchboard.vars.VariableRegistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The proxy settings in effect for one location (or if block) with a {@code proxy_pass}, resolved once at load:
 * the target and its upstream group, the header rules in nginx's order, and the timeouts.
 *
 * @param upstream       the group for a static target; null when the URL has variables
 * @param prefix         the matched location's prefix, for replacing it with the URI part of proxy_pass
 * @param nextUpstream   when a failed attempt moves on to the next peer
 * @param overridden     lower-case names of headers the rules set, which are therefore not copied from the client
 * @param tls            TLS towards the backend for {@code proxy_pass https://}, else null
 */
public record ProxyLocation(ProxyTarget target, UpstreamGroup upstream, String prefix, boolean http11,
                            List<HeaderRule> headers, Set<String> overridden, Set<String> hide, Set<String> pass,
                            long connectTimeoutMillis, long readTimeoutMillis, long sendTimeoutMillis,
                            boolean passRequestHeaders, boolean passRequestBody, NextUpstreamPolicy nextUpstream,
                            UpstreamTls tls) {

    /** Response headers nginx hides by default ({@code proxy_hide_header}'s built-in list). */
    private static final Set<String> DEFAULT_HIDDEN = Set.of("date", "server", "x-pad", "x-accel-expires",
            "x-accel-redirect", "x-accel-limit-rate", "x-accel-buffering", "x-accel-charset");

    /** nginx's default proxy headers, in nginx's order (ngx_http_proxy_headers). */
    private static final String[][] DEFAULTS = {
            {"Host", "$proxy_host"}, {"Connection", "close"}, {"Content-Length", null},
            {"Transfer-Encoding", null}, {"TE", ""}, {"Keep-Alive", ""}, {"Expect", ""}, {"Upgrade", ""}};

    public static ProxyLocation of(Settings s, String prefix, Map<String, UpstreamGroup> upstreams,
                                   UpstreamGroup implicit, VariableRegistry variables) {
        return of(s, prefix, upstreams, implicit, variables, null);
    }

    /** As above, with TLS to the backend ({@code proxy_pass https://}). */
    public static ProxyLocation of(Settings s, String prefix, Map<String, UpstreamGroup> upstreams,
                                   UpstreamGroup implicit, VariableRegistry variables, UpstreamTls tls) {
        ProxyTarget target = s.get(ProxySettings.PASS);
        UpstreamGroup group = target.dynamic() != null ? null
                : upstreams.getOrDefault(target.hostPort(), implicit);
        List<HeaderRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<ProxyHeader> configured = s.get(ProxySettings.SET_HEADER);
        if (configured != null) {
            for (ProxyHeader h : configured) {
                names.add(h.name().toLowerCase(Locale.ROOT));
                rules.add(new HeaderRule(h.name(), h.value(), HeaderRule.Kind.CONFIGURED));
            }
        }
        for (String[] def : DEFAULTS) {
            if (names.add(def[0].toLowerCase(Locale.ROOT))) {
                if (def[1] == null) {
                    rules.add(new HeaderRule(def[0], null, def[0].equals("Content-Length")
                            ? HeaderRule.Kind.BODY_LENGTH : HeaderRule.Kind.BODY_CHUNKED));
                } else {
                    Template t = Template.compile(new Argument(def[1], false, new Position("default", 0, 0)),
                            variables);
                    rules.add(new HeaderRule(def[0], t, HeaderRule.Kind.CONFIGURED));
                }
            }
        }
        Set<String> hide = new HashSet<>(DEFAULT_HIDDEN);
        hide.addAll(s.get(ProxySettings.HIDE_HEADER));
        Set<String> pass = Set.copyOf(s.get(ProxySettings.PASS_HEADER));
        hide.removeAll(pass);
        return new ProxyLocation(target, group, prefix, "1.1".equals(s.get(ProxySettings.HTTP_VERSION)),
                List.copyOf(rules), Set.copyOf(names), Set.copyOf(hide), pass,
                s.get(ProxySettings.CONNECT_TIMEOUT), s.get(ProxySettings.READ_TIMEOUT),
                s.get(ProxySettings.SEND_TIMEOUT), s.get(ProxySettings.PASS_REQUEST_HEADERS),
                s.get(ProxySettings.PASS_REQUEST_BODY),
                new NextUpstreamPolicy(s.get(ProxySettings.NEXT_UPSTREAM), s.get(ProxySettings.NEXT_UPSTREAM_TRIES),
                        s.get(ProxySettings.NEXT_UPSTREAM_TIMEOUT)), tls);
    }
}
