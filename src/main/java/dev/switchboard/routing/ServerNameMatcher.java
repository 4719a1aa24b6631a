package dev.switchboard.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.PatternSyntaxException;

/**
 * Picks the server for a host name among the servers sharing one listen address, as nginx's
 * ngx_http_find_virtual_server does: the exact name, then the longest leading wildcard ({@code *.example.com},
 * {@code .example.com}), then the longest trailing wildcard ({@code www.example.*}), then the regexes in
 * configuration order. No match means the caller's default server. Names are validated and de-duplicated the way
 * ngx_http_core_server_name and ngx_hash_add_key do; a name nginx ignores with a warning is reported in
 * {@link #warnings()}.
 */
public final class ServerNameMatcher<T> {

    private final Map<String, ServerNameEntry<T>> exact;
    private final RegionTable<HeadWildcard<T>> head;
    private final RegionTable<ServerNameEntry<T>> tail;
    private final List<RegexName<T>> regexes;
    private final List<ServerNameWarning<T>> warnings;
    private final ThreadLocal<Matcher[]> matchers;

    private ServerNameMatcher(Map<String, ServerNameEntry<T>> exact, Map<String, HeadWildcard<T>> head,
            Map<String, ServerNameEntry<T>> tail, List<RegexName<T>> regexes, List<ServerNameWarning<T>> warnings) {
        this.exact = Map.copyOf(exact);
        this.head = new RegionTable<>(head);
        this.tail = new RegionTable<>(tail);
        this.regexes = List.copyOf(regexes);
        this.warnings = List.copyOf(warnings);
        int count = regexes.size();
        this.matchers = ThreadLocal.withInitial(() -> new Matcher[count]);
    }

    /**
     * Builds the matcher from every server name on one address, servers in configuration order.
     *
     * @throws RoutingException for a name nginx refuses ({@code server name "*" is invalid},
     *     {@code invalid server name or wildcard "www.*.com"}, an empty or invalid regex)
     */
    public static <T> ServerNameMatcher<T> build(List<ServerNameEntry<T>> entries) {
        Map<String, ServerNameEntry<T>> exact = new HashMap<>();
        Map<String, HeadWildcard<T>> head = new HashMap<>();
        Map<String, ServerNameEntry<T>> tail = new HashMap<>();
        List<RegexName<T>> regexes = new ArrayList<>();
        List<ServerNameWarning<T>> warnings = new ArrayList<>();
        // nginx's conflict sets: ".example.com" claims "example.com" among the exact names and "example.com"
        // among the leading wildcards, as "*.example.com" does
        Set<String> exactKeys = new HashSet<>();
        Set<String> headKeys = new HashSet<>();

        for (ServerNameEntry<T> entry : entries) {
            String written = entry.name();
            checkForm(entry);
            if (written.indexOf('/') >= 0) {
                warnings.add(new ServerNameWarning<>(entry,
                        "server name \"" + written + "\" has suspicious symbols"));
            }
            if (written.startsWith("~")) {
                regexes.add(new RegexName<>(entry, compileRegex(entry)));
                continue;
            }
            String name = written.toLowerCase(Locale.ROOT);
            boolean added = switch (wildcardKind(entry, name)) {
                case EXACT -> exactKeys.add(name) && exact.putIfAbsent(name, entry) == null;
                case DOT -> {
                    String suffix = name.substring(1);
                    yield exactKeys.add(suffix) && headKeys.add(suffix)
                            && head.putIfAbsent(suffix, new HeadWildcard<>(entry, true)) == null;
                }
                case STAR -> {
                    String suffix = name.substring(2);
                    yield headKeys.add(suffix) && head.putIfAbsent(suffix, new HeadWildcard<>(entry, false)) == null;
                }
                case TAIL -> tail.putIfAbsent(name.substring(0, name.length() - 2), entry) == null;
            };
            if (!added) {
                warnings.add(new ServerNameWarning<>(entry, "conflicting server name \"" + name + "\", ignored"));
            }
        }
        return new ServerNameMatcher<>(exact, head, tail, regexes, warnings);
    }

    /** Names nginx would accept with a warning, in configuration order. */
    public List<ServerNameWarning<T>> warnings() {
        return warnings;
    }

    /**
     * The server named by {@code host}, or null for the default server. The host must already be lowercased and
     * without port ({@link HostNormalizer}); one trailing dot is ignored. The empty host (no Host header) matches
     * only the name {@code ""}.
     */
    public ServerNameMatch<T> match(String host) {
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        ServerNameEntry<T> found = exact.get(host);
        if (found == null && !host.isEmpty()) {
            found = matchHead(host);
            if (found == null) {
                found = matchTail(host);
            }
        }
        if (found != null) {
            return new ServerNameMatch<>(found, null);
        }
        return host.isEmpty() ? null : matchRegex(host);
    }

    /** The longest {@code *.suffix} the host ends with after a dot, or {@code .suffix} it ends with or equals. */
    private ServerNameEntry<T> matchHead(String host) {
        ServerNameEntry<T> best = null;
        int hash = 0;
        int power = 1;
        for (int i = host.length() - 1; i >= 0; i--) {
            hash += host.charAt(i) * power;
            power *= 31;
            boolean wholeHost = i == 0;
            if (wholeHost || host.charAt(i - 1) == '.') {
                HeadWildcard<T> w = head.get(host, i, host.length(), hash);
                if (w != null && (!wholeHost || w.includesBareName())) {
                    best = w.entry();
                }
            }
        }
        return best;
    }

    /** The longest {@code prefix.*} such that the host starts with {@code prefix.}. */
    private ServerNameEntry<T> matchTail(String host) {
        ServerNameEntry<T> best = null;
        int hash = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                ServerNameEntry<T> e = tail.get(host, 0, i, hash);
                if (e != null) {
                    best = e;
                }
            }
            hash = 31 * hash + c;
        }
        return best;
    }

    private ServerNameMatch<T> matchRegex(String host) {
        Matcher[] ms = matchers.get();
        for (int i = 0; i < regexes.size(); i++) {
            RegexName<T> r = regexes.get(i);
            Matcher m = ms[i];
            if (m == null) {
                m = r.regex().newMatcher();
                ms[i] = m;
            }
            if (m.reset(host).find()) {
                return new ServerNameMatch<>(r.entry(), r.regex().captures(m));
            }
        }
        return null;
    }

    private static void checkForm(ServerNameEntry<?> entry) {
        String name = entry.name();
        if ((name.startsWith("*") && (name.length() < 3 || name.charAt(1) != '.'))
                || (name.startsWith(".") && name.length() < 2)) {
            throw new RoutingException("server name \"" + name + "\" is invalid", entry);
        }
    }

    private static NginxRegex compileRegex(ServerNameEntry<?> entry) {
        String source = entry.name().substring(1);
        if (source.isEmpty()) {
            throw new RoutingException("empty regex in server name \"" + entry.name() + "\"", entry);
        }
        // nginx folds case only when the regex itself has capitals; hosts arrive lowercased
        boolean caseless = source.chars().anyMatch(c -> c >= 'A' && c <= 'Z');
        try {
            return NginxRegex.compile(source, caseless);
        } catch (PatternSyntaxException e) {
            throw new RoutingException(
                    "invalid regex \"" + source + "\" in server name: " + e.getDescription(), entry);
        }
    }

    /** ngx_hash_add_key's reading of a non-regex name. */
    private static WildcardKind wildcardKind(ServerNameEntry<?> entry, String name) {
        int stars = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c == '*' && ++stars > 1) || c == '\0' || name.startsWith("..", i)) {
                throw invalid(entry);
            }
        }
        if (name.length() > 1 && name.charAt(0) == '.') {
            return WildcardKind.DOT;
        }
        if (name.length() > 2 && name.startsWith("*.")) {
            return WildcardKind.STAR;
        }
        if (name.length() > 2 && name.endsWith(".*")) {
            return WildcardKind.TAIL;
        }
        if (stars > 0) {
            throw invalid(entry);
        }
        return WildcardKind.EXACT;
    }

    private static RoutingException invalid(ServerNameEntry<?> entry) {
        return new RoutingException("invalid server name or wildcard \"" + entry.name() + "\"", entry);
    }

    private enum WildcardKind { EXACT, DOT, STAR, TAIL }

    /** A leading wildcard; {@code includesBareName} for {@code .example.com}, which also matches the name itself. */
    private record HeadWildcard<T>(ServerNameEntry<T> entry, boolean includesBareName) {
    }

    private record RegexName<T>(ServerNameEntry<T> entry, NginxRegex regex) {
    }
}
