package dev.switchboard.routing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;

/**
 * Picks the location for a URI exactly as nginx's ngx_http_core_find_location does:
 * <ol>
 *   <li>a static location named exactly the URI wins at once ({@code = /x}, or a prefix {@code /x} for the URI
 *       {@code /x}; nested locations and regexes are then not consulted);</li>
 *   <li>an auto-redirect location named the URI plus {@code /} wins at once, flagged
 *       {@link LocationMatch#exactWithoutSlash()};</li>
 *   <li>otherwise the longest prefix is remembered and its nested locations are searched the same way;</li>
 *   <li>unless that prefix is {@code ^~}, the regex locations of the level are tried in configuration order after
 *       the nested search; the first that matches wins and its own nested locations are searched;</li>
 *   <li>if no regex matches, the deepest prefix found stands.</li>
 * </ol>
 * Matching allocates nothing but its result: regex matchers are kept per thread and reset per URI.
 */
public final class LocationMatcher<T> {

    private static final int DECLINED = 0;
    private static final int OK = 1;
    private static final int DONE = 2;

    private final LocationLevel<T> root;
    private final Map<String, LocationRule<T>> named;
    private final ThreadLocal<Search<T>> searches;

    private LocationMatcher(LocationLevel<T> root, Map<String, LocationRule<T>> named, int regexCount) {
        this.root = root;
        this.named = named;
        this.searches = ThreadLocal.withInitial(() -> new Search<>(regexCount));
    }

    /** Builds a matcher in which no location asks for nginx's auto-redirect. */
    public static <T> LocationMatcher<T> build(List<LocationRule<T>> rules) {
        return build(rules, target -> false);
    }

    /**
     * Builds a matcher from a server's locations in configuration order.
     *
     * @param autoRedirect whether a location's content handler wants nginx's auto-redirect (proxy_pass, fastcgi_pass,
     *     uwsgi_pass, scgi_pass, memcached_pass, grpc_pass); it applies only to static locations whose name ends in
     *     {@code /}, and changes which location wins, so the matcher must know it
     * @throws RoutingException for a configuration nginx refuses (duplicate, misplaced nested location, bad regex)
     */
    public static <T> LocationMatcher<T> build(List<LocationRule<T>> rules, Predicate<? super T> autoRedirect) {
        Deque<NginxRegex> regexes = new ArrayDeque<>();
        // nginx checks nesting while parsing and duplicates only once everything is read; keep that order
        LocationNesting.check(rules, null, regexes);
        int[] slots = {0};
        LocationLevel<T> root = level(rules, regexes, slots, autoRedirect);
        Map<String, LocationRule<T>> named = new HashMap<>();
        for (LocationRule<T> rule : rules) {
            if (rule.modifier() == LocationModifier.NAMED) {
                // nginx accepts the same name twice and finds the first
                named.putIfAbsent(rule.pattern(), rule);
            }
        }
        return new LocationMatcher<>(root, Map.copyOf(named), slots[0]);
    }

    private static <T> LocationLevel<T> level(List<LocationRule<T>> rules, Deque<NginxRegex> regexes, int[] slots,
            Predicate<? super T> autoRedirect) {
        List<CompiledLocation<T>> compiled = new ArrayList<>(rules.size());
        for (LocationRule<T> rule : rules) {
            NginxRegex regex = rule.modifier().isRegex() ? regexes.removeFirst() : null;
            int slot = regex == null ? -1 : slots[0]++;
            compiled.add(new CompiledLocation<>(rule, regex, slot, level(rule.nested(), regexes, slots, autoRedirect)));
        }
        return LocationLevel.of(compiled, autoRedirect);
    }

    /** The location for {@code uri} (already decoded and normalized, as nginx's {@code $uri}), or null if none. */
    public LocationMatch<T> match(String uri) {
        Search<T> search = searches.get();
        int rc = find(root, uri, search);
        CompiledLocation<T> location = search.location;
        CompiledLocation<T> regex = search.regex;
        search.location = null;
        search.regex = null;
        if (location == null) {
            return null;
        }
        RegexCaptures captures = regex == null ? null : regex.regex().captures(search.matchers[regex.slot()]);
        return new LocationMatch<>(location.rule(), captures, rc == DONE);
    }

    /** The payload of the server-level location {@code @name} (the at sign included), or null. */
    public T named(String name) {
        LocationRule<T> rule = named.get(name);
        return rule == null ? null : rule.target();
    }

    /** The server-level named location rule {@code @name}, or null. */
    public LocationRule<T> namedRule(String name) {
        return named.get(name);
    }

    private int find(LocationLevel<T> level, String uri, Search<T> search) {
        CompiledLocation<T> hit = level.named(uri);
        if (hit != null) {
            search.location = hit;
            return OK;
        }
        hit = level.redirect(uri);
        if (hit != null) {
            search.location = hit;
            return DONE;
        }
        int rc = DECLINED;
        boolean noRegex = false;
        CompiledLocation<T> prefix = level.longestPrefix(uri);
        if (prefix != null) {
            search.location = prefix;
            // only this level's ^~ counts: a ^~ found deeper stops the deeper regexes but not these
            noRegex = prefix.noRegex();
            rc = find(prefix.nested(), uri, search);
            if (rc != DECLINED) {
                return rc;
            }
        }
        if (!noRegex) {
            for (CompiledLocation<T> regex : level.regexes()) {
                if (search.matcher(regex).reset(uri).find()) {
                    search.location = regex;
                    search.regex = regex;
                    // whatever the nested search finds is final, and an auto-redirect there is not one (nginx
                    // turns its NGX_DONE into NGX_OK here)
                    find(regex.nested(), uri, search);
                    return OK;
                }
            }
        }
        return rc;
    }

    /** Per-thread search state, so that matching allocates nothing but its result. */
    private static final class Search<T> {
        // a matcher keeps a reference to the last URI it saw; harmless, and cheaper than clearing it
        final Matcher[] matchers;
        CompiledLocation<T> location;
        CompiledLocation<T> regex;

        Search(int regexCount) {
            matchers = new Matcher[regexCount];
        }

        Matcher matcher(CompiledLocation<T> regex) {
            Matcher m = matchers[regex.slot()];
            if (m == null) {
                m = regex.regex().newMatcher();
                matchers[regex.slot()] = m;
            }
            return m;
        }
    }
}
