package dev.switchboard.config.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values set at one configuration level, linked to the enclosing level for nginx-style inheritance:
 * {@link #get} returns the nearest level's value. A list-valued setting set at a level therefore replaces the
 * whole inherited list, which is exactly nginx's rule for {@code proxy_set_header} and {@code add_header}.
 * Written only while the compiler runs, then frozen.
 */
public final class Settings {

    private final Settings parent;
    private final boolean ifLevel;
    private final Map<SettingKey<?>, Object> own = new HashMap<>();
    private boolean frozen;

    public Settings(Settings parent, boolean ifLevel) {
        this.parent = parent;
        this.ifLevel = ifLevel;
    }

    /** The effective value at this level. */
    public <T> T get(SettingKey<T> key) {
        Settings level = levelSetting(key);
        return level == null ? key.defaultValue() : cast(level.own.get(key));
    }

    /** True when this level itself sets the key. */
    public boolean hasOwn(SettingKey<?> key) {
        return own.containsKey(key);
    }

    /** True when this level or an outer one the key inherits from sets it. */
    public boolean isSet(SettingKey<?> key) {
        return levelSetting(key) != null;
    }

    private Settings levelSetting(SettingKey<?> key) {
        for (Settings level = this; level != null; level = level.parent) {
            if (level.own.containsKey(key)) {
                return level;
            }
            boolean passes = switch (key.inheritance()) {
                case INHERITED -> true;
                case LOCAL -> false;
                case INTO_IF_ONLY -> level.ifLevel;
            };
            if (!passes) {
                return null;
            }
        }
        return null;
    }

    public <T> void put(SettingKey<T> key, T value) {
        checkWritable();
        own.put(key, value);
    }

    /** Appends to this level's own list for the key (creating it), for repeatable list directives. */
    public <T> void append(SettingKey<List<T>> key, T item) {
        checkWritable();
        List<T> list = cast(own.computeIfAbsent(key, k -> new ArrayList<T>()));
        list.add(item);
    }

    public Settings parent() {
        return parent;
    }

    /** Makes this level read-only; lists appended to become unmodifiable. */
    public void freeze() {
        if (frozen) {
            return;
        }
        own.replaceAll((k, v) -> v instanceof List<?> list ? List.copyOf(list) : v);
        frozen = true;
    }

    private void checkWritable() {
        if (frozen) {
            throw new IllegalStateException("settings are frozen");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
