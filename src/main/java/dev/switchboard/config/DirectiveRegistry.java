package dev.switchboard.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * All directive specs known to this build. Feature packages contribute theirs; one name may have several specs for
 * different contexts (nginx's {@code server} is a block in http and a simple directive in upstream).
 */
public final class DirectiveRegistry {

    private final Map<String, List<DirectiveSpec>> byName = new HashMap<>();

    public DirectiveRegistry add(DirectiveSpec spec) {
        List<DirectiveSpec> specs = byName.computeIfAbsent(spec.name(), n -> new ArrayList<>());
        for (DirectiveSpec existing : specs) {
            for (Context c : spec.contexts()) {
                if (existing.contexts().contains(c)) {
                    throw new IllegalStateException("two specs for \"" + spec.name() + "\" in " + c);
                }
            }
        }
        specs.add(spec);
        return this;
    }

    public DirectiveRegistry addAll(Collection<DirectiveSpec> specs) {
        specs.forEach(this::add);
        return this;
    }

    /** All specs with this name (empty if unknown). */
    public List<DirectiveSpec> named(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The spec for a name in a context, or null. */
    public DirectiveSpec find(String name, Context context) {
        for (DirectiveSpec spec : named(name)) {
            if (spec.contexts().contains(context)) {
                return spec;
            }
        }
        return null;
    }

    /** Every known directive name, sorted. */
    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /** Names valid in one context, for "did you mean" hints that fit where the user is. */
    public Set<String> namesIn(Context context) {
        Set<String> names = new TreeSet<>();
        byName.forEach((name, specs) -> {
            for (DirectiveSpec spec : specs) {
                if (spec.contexts().contains(context)) {
                    names.add(name);
                }
            }
        });
        return names;
    }
}
