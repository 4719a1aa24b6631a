package dev.switchboard.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The locations of one level (a server, or the inside of one location), arranged for lookups that do not
 * allocate: nginx's static tree answers "a location named exactly the URI", "an auto-redirect location named
 * the URI plus a slash" and "the longest inclusive prefix"; here those are two hash maps and an array.
 */
final class LocationLevel<T> {

    /** nginx's ngx_filename_cmp order: '/' sorts below every other character, a name before its extensions. */
    private static final Comparator<String> NGINX_NAME_ORDER = (a, b) -> {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            int ca = a.charAt(i);
            int cb = b.charAt(i);
            if (ca != cb) {
                return (ca == '/' ? -1 : ca) - (cb == '/' ? -1 : cb);
            }
        }
        return a.length() - b.length();
    };

    private final Map<String, CompiledLocation<T>> byName;
    private final Map<String, CompiledLocation<T>> redirects;
    private final CompiledLocation<T>[] prefixes;
    private final CompiledLocation<T>[] regexes;

    private LocationLevel(Map<String, CompiledLocation<T>> byName, Map<String, CompiledLocation<T>> redirects,
            CompiledLocation<T>[] prefixes, CompiledLocation<T>[] regexes) {
        this.byName = byName;
        this.redirects = redirects;
        this.prefixes = prefixes;
        this.regexes = regexes;
    }

    /**
     * Arranges {@code locations} (configuration order; named ones are skipped, they are looked up elsewhere).
     *
     * @throws RoutingException {@code duplicate location} when two exact, or two inclusive, locations share a name
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> LocationLevel<T> of(List<CompiledLocation<T>> locations, Predicate<? super T> autoRedirect) {
        List<CompiledLocation<T>> statics = new ArrayList<>();
        List<CompiledLocation<T>> inclusive = new ArrayList<>();
        List<CompiledLocation<T>> regexes = new ArrayList<>();
        for (CompiledLocation<T> location : locations) {
            LocationModifier modifier = location.rule().modifier();
            if (modifier.isStatic()) {
                statics.add(location);
                if (modifier.isInclusive()) {
                    inclusive.add(location);
                }
            } else if (modifier.isRegex()) {
                regexes.add(location);
            }
        }
        rejectDuplicates(statics);

        Map<String, CompiledLocation<T>> byName = new HashMap<>();
        Map<String, Boolean> wantsRedirect = new HashMap<>();
        for (CompiledLocation<T> location : statics) {
            String name = location.rule().pattern();
            // the exact location answers for its name; the inclusive one of the same name only beyond it
            if (location.rule().modifier() == LocationModifier.EXACT || !byName.containsKey(name)) {
                byName.put(name, location);
            }
            if (autoRedirect.test(location.rule().target())) {
                wantsRedirect.put(name, Boolean.TRUE);
            }
        }
        Map<String, CompiledLocation<T>> redirects = new HashMap<>();
        for (Map.Entry<String, CompiledLocation<T>> e : byName.entrySet()) {
            String name = e.getKey();
            // nginx sets auto_redirect only for names ending in '/', and a name shared by an exact and an
            // inclusive location redirects to the exact one if either asked for it
            if (name.endsWith("/") && wantsRedirect.containsKey(name)) {
                redirects.put(name.substring(0, name.length() - 1), e.getValue());
            }
        }
        inclusive.sort(Comparator.comparingInt((CompiledLocation<T> l) -> l.rule().pattern().length()).reversed());
        return new LocationLevel<>(Map.copyOf(byName), Map.copyOf(redirects),
                inclusive.toArray(new CompiledLocation[0]), regexes.toArray(new CompiledLocation[0]));
    }

    /** The location named exactly {@code uri} (an exact one before an inclusive one), or null. */
    CompiledLocation<T> named(String uri) {
        return byName.get(uri);
    }

    /** The auto-redirect location named {@code uri + "/"}, or null. */
    CompiledLocation<T> redirect(String uri) {
        return redirects.get(uri);
    }

    /** The longest inclusive location whose name starts {@code uri} (case-sensitive), or null. */
    CompiledLocation<T> longestPrefix(String uri) {
        for (CompiledLocation<T> location : prefixes) {
            if (uri.startsWith(location.rule().pattern())) {
                return location;
            }
        }
        return null;
    }

    /** Regex locations in configuration order. */
    CompiledLocation<T>[] regexes() {
        return regexes;
    }

    /** Reports the first duplicate in nginx's order: names sorted, exact before inclusive, then configuration order. */
    private static <T> void rejectDuplicates(List<CompiledLocation<T>> statics) {
        List<CompiledLocation<T>> sorted = new ArrayList<>(statics);
        sorted.sort(Comparator.comparing((CompiledLocation<T> l) -> l.rule().pattern(), NGINX_NAME_ORDER)
                .thenComparing(l -> l.rule().modifier() == LocationModifier.EXACT ? 0 : 1));
        String name = null;
        boolean exact = false;
        boolean inclusive = false;
        for (CompiledLocation<T> location : sorted) {
            LocationRule<T> rule = location.rule();
            if (!rule.pattern().equals(name)) {
                name = rule.pattern();
                exact = false;
                inclusive = false;
            }
            boolean isExact = rule.modifier() == LocationModifier.EXACT;
            if (isExact ? exact : inclusive) {
                throw new RoutingException("duplicate location \"" + name + "\"", rule);
            }
            exact |= isExact;
            inclusive |= !isExact;
        }
    }
}
