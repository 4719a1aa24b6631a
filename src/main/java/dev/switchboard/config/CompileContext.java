package dev.switchboard.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What directive handlers share during one compilation: the prefix that relative paths resolve against, the
 * warnings to report, and services that feature packages register for each other (the variable registry,
 * the upstream table) without the config package knowing their types.
 */
public final class CompileContext {

    private final Path prefix;
    private final Path confPrefix;
    private final List<String> warnings = new ArrayList<>();
    private final Map<Class<?>, Object> services = new HashMap<>();

    public CompileContext(Path prefix) {
        this(prefix, prefix);
    }

    /**
     * @param confPrefix the directory of the main configuration file: nginx resolves relative certificate, key,
     *                   password and user-file paths against it (its {@code conf_prefix}), not against {@code -p}
     */
    public CompileContext(Path prefix, Path confPrefix) {
        this.prefix = prefix.toAbsolutePath().normalize();
        this.confPrefix = confPrefix.toAbsolutePath().normalize();
    }

    /** The directory of the main configuration file (nginx's conf prefix). */
    public Path confPrefix() {
        return confPrefix;
    }

    /** Resolves a path the way nginx resolves {@code ssl_certificate} or {@code auth_basic_user_file}. */
    public Path resolveConf(String path) {
        return confPrefix.resolve(RawText.toUnicode(path)).normalize();
    }

    /** The {@code -p} prefix: relative paths in directives such as {@code root} resolve against it. */
    public Path prefix() {
        return prefix;
    }

    /** Resolves a path from the config against the prefix, as nginx's {@code ngx_conf_full_name}. */
    public Path resolve(String path) {
        return prefix.resolve(RawText.toUnicode(path)).normalize();
    }

    public void warn(String message, Position position) {
        String readable = RawText.toUnicode(message);
        warnings.add(position == null ? readable : readable + " in " + position);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public <T> void register(Class<T> type, T service) {
        services.put(type, service);
    }

    /** A registered service; fails loudly when a feature package forgot to register it. */
    public <T> T service(Class<T> type) {
        Object service = services.get(type);
        if (service == null) {
            throw new IllegalStateException("no " + type.getSimpleName() + " registered for compilation");
        }
        return type.cast(service);
    }

    /** A registered service, created and registered on first use. */
    public <T> T service(Class<T> type, java.util.function.Supplier<T> factory) {
        Object service = services.computeIfAbsent(type, t -> factory.get());
        return type.cast(service);
    }
}
