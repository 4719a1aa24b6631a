package dev.switchboard.vars;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Position;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every variable name the configuration may use, filled at config load and read-only afterwards.
 * A name is one of: a computed variable ({@link #define}), a member of a prefix family such as {@code http_}
 * ({@link #definePrefix}), a per-request slot in the {@link VariableStore} ({@link #declareSlot}, used by
 * {@code set} and by modules that own values such as {@code $proxy_host}), or {@code 1}..{@code 9} for regex captures.
 * Names are case-insensitive, as in nginx, so they are kept lowercased. Exact names win over prefix families
 * (nginx looks up its variables hash before its prefix list), and among families the longest prefix wins.
 */
public final class VariableRegistry {

    private final Map<String, Variable> computed = new HashMap<>();
    private final Map<String, Integer> slots = new HashMap<>();
    private final List<Variable> slotReaders = new ArrayList<>();
    private final Map<String, Function<String, Variable>> families = new HashMap<>();

    /** An empty registry; see {@link #withBuiltins()} for one that knows nginx's variables. */
    public VariableRegistry() {
    }

    /** A registry holding the built-in variables ({@link BuiltinVariables}). */
    public static VariableRegistry withBuiltins() {
        VariableRegistry registry = new VariableRegistry();
        BuiltinVariables.registerAll(registry);
        return registry;
    }

    /**
     * Defines a computed variable. Meant for code (builtins, modules), so a clash is a programming error.
     *
     * @throws IllegalArgumentException if the name is already taken
     */
    public void define(String name, Variable variable) {
        String key = Ascii.lower(name);
        if (isDefined(key)) {
            throw new IllegalArgumentException("variable $" + key + " is already defined");
        }
        computed.put(key, variable);
    }

    /**
     * Defines a family of variables sharing a prefix, such as {@code http_} or {@code arg_}. The family receives
     * the lowercased rest of the name (for {@code $arg_Page}: {@code page}) once, at config load.
     */
    public void definePrefix(String prefix, Function<String, Variable> family) {
        String key = Ascii.lower(prefix);
        if (families.putIfAbsent(key, family) != null) {
            throw new IllegalArgumentException("variable prefix $" + key + " is already defined");
        }
    }

    /**
     * Declares a variable whose value lives in the per-request {@link VariableStore}; declaring the same name
     * again returns the same slot, so `set $x` in many places shares one value.
     *
     * @throws ConfigException if the name is a computed variable ("the duplicate ... variable", as nginx says)
     */
    public int declareSlot(String name, Position where) {
        String key = Ascii.lower(name);
        Integer slot = slots.get(key);
        if (slot != null) {
            return slot;
        }
        if (computed.containsKey(key)) {
            throw new ConfigException("the duplicate \"" + key + "\" variable", where);
        }
        int index = slotReaders.size();
        slots.put(key, index);
        slotReaders.add(request -> request.variables().get(index));
        return index;
    }

    /** {@link #declareSlot(String, Position)} for callers that have no configuration position (modules). */
    public int declareSlot(String name) {
        return declareSlot(name, null);
    }

    /** How many slots a {@link VariableStore} for this configuration needs. */
    public int slotCount() {
        return slotReaders.size();
    }

    /** A fresh per-request store sized for this registry. */
    public VariableStore newStore() {
        return new VariableStore(slotCount());
    }

    /** True if the name is a computed variable or a slot (prefix families and captures do not count). */
    public boolean isDefined(String name) {
        String key = Ascii.lower(name);
        return computed.containsKey(key) || slots.containsKey(key);
    }

    /** The computed variable of that exact name, or null (used to bind forward declarations). */
    Variable computed(String name) {
        return computed.get(Ascii.lower(name));
    }

    /**
     * The getter for {@code $name}, found once at config load.
     *
     * @param where the place that uses the variable, for the error message
     * @throws ConfigException {@code unknown "name" variable}, with a "did you mean" hint for a close name
     */
    public Variable resolve(String name, Position where) {
        String key = Ascii.lower(name);
        Variable variable = computed.get(key);
        if (variable != null) {
            return variable;
        }
        Integer slot = slots.get(key);
        if (slot != null) {
            return slotReaders.get(slot);
        }
        if (key.length() == 1 && key.charAt(0) >= '1' && key.charAt(0) <= '9') {
            int group = key.charAt(0) - '0';
            return request -> request.variables().capture(group);
        }
        String prefix = longestPrefix(key);
        if (prefix != null) {
            return families.get(prefix).apply(key.substring(prefix.length()));
        }
        String close = closestName(key);
        throw new ConfigException("unknown \"" + key + "\" variable", where,
                close == null ? null : "did you mean $" + close + "?");
    }

    private String longestPrefix(String key) {
        String best = null;
        for (String prefix : families.keySet()) {
            if (key.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best;
    }

    private String closestName(String key) {
        String best = null;
        // Short names tolerate one edit, longer ones two or three: enough for typos, not for unrelated names.
        int bestDistance = (key.length() <= 3 ? 1 : Math.min(3, Math.max(2, key.length() / 3))) + 1;
        List<String> names = new ArrayList<>(computed.keySet());
        names.addAll(slots.keySet());
        names.sort(null); // a stable answer when two names are equally close
        for (String candidate : names) {
            int distance = levenshtein(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    // Placeholder until the shared suggestion helper lands; config-time only, so plain O(n*m) is fine.
    private static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
