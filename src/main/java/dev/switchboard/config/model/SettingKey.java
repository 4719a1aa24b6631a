package dev.switchboard.config.model;

/**
 * A typed key for one setting in a {@link Settings} level, owned by the feature package that declares the directive.
 *
 * @param name         the directive (or a descriptive name) for diagnostics
 * @param defaultValue the value when no level sets it (may be null)
 * @param inheritance  how the value flows into inner levels
 */
public record SettingKey<T>(String name, T defaultValue, Inheritance inheritance) {

    /** nginx's merge rules, reduced to the three shapes they take. */
    public enum Inheritance {
        /** Inner levels see the nearest outer value ({@code ngx_conf_merge_*_value}). */
        INHERITED,
        /** Only the level that sets it sees it (the rewrite script of a block). */
        LOCAL,
        /** Inherited into {@code if} blocks only, not into nested locations ({@code proxy_pass}). */
        INTO_IF_ONLY
    }

    public static <T> SettingKey<T> inherited(String name, T defaultValue) {
        return new SettingKey<>(name, defaultValue, Inheritance.INHERITED);
    }

    public static <T> SettingKey<T> local(String name, T defaultValue) {
        return new SettingKey<>(name, defaultValue, Inheritance.LOCAL);
    }

    public static <T> SettingKey<T> intoIfOnly(String name, T defaultValue) {
        return new SettingKey<>(name, defaultValue, Inheritance.INTO_IF_ONLY);
    }
}
