package dev.switchboard.config;

import dev.switchboard.config.model.ConfigBlock;
import dev.switchboard.config.model.Settings;

import java.util.HashSet;
import java.util.Set;

/**
 * The level a directive is being applied to while the compiler runs: the block under construction, its settings,
 * and which non-repeatable directives it has already seen.
 */
public final class Scope {

    private final ConfigBlock block;
    private final Scope parent;
    private final Set<String> seen = new HashSet<>();

    Scope(ConfigBlock block, Scope parent) {
        this.block = block;
        this.parent = parent;
    }

    public Context context() {
        return block.context();
    }

    public ConfigBlock block() {
        return block;
    }

    public Settings settings() {
        return block.settings();
    }

    /** The enclosing scope, or null at main level. */
    public Scope parent() {
        return parent;
    }

    /** The nearest enclosing scope (this one included) of the given context, or null. */
    public Scope enclosing(Context kind) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.context() == kind) {
                return s;
            }
        }
        return null;
    }

    /** Records a directive name; false when it was seen before at this level. */
    boolean markSeen(String name) {
        return seen.add(name);
    }
}
