package dev.switchboard.vars;

import java.util.HashMap;
import java.util.Map;

/**
 * The string keys of a `map` with {@code hostnames}, matched as nginx's combined hash does: exact names first,
 * then the most specific leading wildcard ({@code *.example.com}; {@code .example.com} also matches
 * {@code example.com} itself), then the most specific trailing wildcard ({@code www.example.*}).
 * Keys and looked-up names are lowercase.
 *
 * @param <V> what a key maps to
 */
final class HostnameKeys<V> {

    /** Why a key was refused: malformed wildcard, or the same as an earlier key. */
    enum Refusal { INVALID, CONFLICT }

    private final Map<String, V> exact = new HashMap<>();
    private final Map<String, V> headStar = new HashMap<>();   // "*.example.com" stored as "example.com"
    private final Map<String, V> headDot = new HashMap<>();    // ".example.com" stored as "example.com"
    private final Map<String, V> tail = new HashMap<>();       // "www.example.*" stored as "www.example"

    /** Adds a key taken literally, as a map without {@code hostnames} does; null on success. */
    Refusal addExact(String key, V value) {
        if (exact.containsKey(key) || headDot.containsKey(key)) {
            return Refusal.CONFLICT;
        }
        exact.put(key, value);
        return null;
    }

    /** Adds a key (already lowercased); null on success, else why not (as ngx_hash_add_key with wildcards). */
    Refusal add(String key, V value) {
        int stars = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '*' && ++stars > 1) {
                return Refusal.INVALID;
            }
            if (c == '.' && i + 1 < key.length() && key.charAt(i + 1) == '.') {
                return Refusal.INVALID;
            }
        }
        if (key.length() > 1 && key.charAt(0) == '.') {
            String domain = key.substring(1);
            if (exact.containsKey(domain) || headStar.containsKey(domain) || headDot.containsKey(domain)) {
                return Refusal.CONFLICT;
            }
            headDot.put(domain, value);
            return null;
        }
        if (key.length() > 2 && key.startsWith("*.")) {
            String domain = key.substring(2);
            if (headStar.containsKey(domain) || headDot.containsKey(domain)) {
                return Refusal.CONFLICT;
            }
            headStar.put(domain, value);
            return null;
        }
        if (key.length() > 2 && key.endsWith(".*")) {
            String prefix = key.substring(0, key.length() - 2);
            return tail.putIfAbsent(prefix, value) == null ? null : Refusal.CONFLICT;
        }
        if (stars > 0) {
            return Refusal.INVALID;
        }
        return addExact(key, value);
    }

    /** The value for a lowercase host name, or null. */
    V find(String name) {
        V value = exact.get(name);
        if (value != null) {
            return value;
        }
        value = headDot.get(name);
        if (value != null) {
            return value;
        }
        if (headStar.isEmpty() && headDot.isEmpty() && tail.isEmpty()) {
            return null;
        }
        // Longest suffix first: the most specific leading wildcard wins.
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
            String suffix = name.substring(dot + 1);
            value = headStar.get(suffix);
            if (value == null) {
                value = headDot.get(suffix);
            }
            if (value != null) {
                return value;
            }
        }
        if (!tail.isEmpty()) {
            for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
                if (dot < name.length() - 1) {
                    value = tail.get(name.substring(0, dot));
                    if (value != null) {
                        return value;
                    }
                }
            }
        }
        return null;
    }
}
