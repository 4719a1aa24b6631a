package dev.switchboard.vars;

import dev.switchboard.config.Argument;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Directive;
import dev.switchboard.config.Position;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * nginx's {@code map SOURCE $target { ... }} (ngx_http_map_module): defines $target as a variable computed from
 * the SOURCE template on each access. Matching order is nginx's: string keys (compared case-insensitively, since
 * nginx lowercases both keys and the source), then {@code ~regex} / {@code ~*regex} keys in the order written
 * (not tried on an empty source; a match sets $1..$9 for the value), then {@code default} (else the empty string).
 * {@code hostnames} makes later keys accept {@code *.example.com}, {@code .example.com} and {@code www.example.*},
 * and drops one trailing dot from the source; {@code volatile} only turns off nginx's per-request caching, which
 * we do not do anyway. A key starting with '\' loses it, so {@code \default} or {@code \~x} are plain strings.
 * Values are templates. A later map of the same target replaces an earlier one, as in nginx.
 */
public final class MapBlock {

    private MapBlock() {
    }

    /**
     * Makes $target known without compiling the block, for a first pass that lets earlier text use it.
     *
     * @throws ConfigException for a malformed target or one that names a builtin or `set` variable
     */
    public static void declare(Directive map, VariableRegistry registry) {
        checkShape(map);
        target(map.arg(1), registry);
    }

    /**
     * Compiles the map and (re)defines $target.
     *
     * @throws ConfigException with the position of the offending key or value
     */
    public static void compile(Directive map, VariableRegistry registry) {
        checkShape(map);
        ForwardVariable target = target(map.arg(1), registry);
        Template source = Template.compile(map.arg(0), registry);
        target.bind(compileBlock(map.block(), source, registry));
    }

    private static void checkShape(Directive map) {
        if (map.args().size() != 2) {
            throw new ConfigException("invalid number of arguments in \"map\" directive", map.position());
        }
        if (!map.isBlock()) {
            throw new ConfigException("directive \"map\" has no opening \"{\"", map.position());
        }
    }

    private static ForwardVariable target(Argument argument, VariableRegistry registry) {
        String text = argument.text();
        if (text.isEmpty() || text.charAt(0) != '$') {
            throw new ConfigException("invalid variable name \"" + text + "\"", argument.position(),
                    "the map target is a variable: $" + text);
        }
        String name = text.substring(1);
        if (name.isEmpty()) {
            throw new ConfigException("invalid variable name \"$\"", argument.position());
        }
        if (!registry.isDefined(name)) {
            ForwardVariable forward = new ForwardVariable();
            registry.define(name, forward);
            return forward;
        }
        if (registry.computed(name) instanceof ForwardVariable forward) {
            return forward;
        }
        throw new ConfigException("the duplicate \"" + Ascii.lower(name) + "\" variable", argument.position());
    }

    private static Variable compileBlock(List<Directive> entries, Template source, VariableRegistry registry) {
        HostnameKeys<Template> keys = new HostnameKeys<>();
        List<RegexKey> regexes = new ArrayList<>();
        Template fallback = null;
        boolean hostnames = false;

        for (Directive entry : entries) {
            String key = entry.name();
            Position where = entry.position();
            if (entry.isBlock()) {
                throw new ConfigException("unexpected \"{\"", where);
            }
            if (entry.args().isEmpty() && key.equals("hostnames")) {
                hostnames = true;
                continue;
            }
            if (entry.args().isEmpty() && key.equals("volatile")) {
                continue;
            }
            if (entry.args().size() != 1) {
                throw new ConfigException("invalid number of the map parameters", where,
                        "each line is: KEY VALUE;");
            }
            Template value = Template.compile(entry.arg(0), registry);

            if (key.equals("default")) {
                if (fallback != null) {
                    throw new ConfigException("duplicate default map parameter", where);
                }
                fallback = value;
                continue;
            }
            if (key.startsWith("~")) {
                boolean caseless = key.startsWith("~*");
                Pattern pattern = Regexes.compile(key.substring(caseless ? 2 : 1), caseless, where);
                regexes.add(new RegexKey(pattern, value));
                continue;
            }
            if (key.startsWith("\\")) {
                key = key.substring(1);
            }
            String lower = Ascii.lower(key);
            HostnameKeys.Refusal refusal = hostnames ? keys.add(lower, value) : keys.addExact(lower, value);
            if (refusal == HostnameKeys.Refusal.INVALID) {
                throw new ConfigException("invalid hostname or wildcard \"" + key + "\"", where);
            }
            if (refusal == HostnameKeys.Refusal.CONFLICT) {
                throw new ConfigException("conflicting parameter \"" + key + "\"", where,
                        "each key may appear once (keys are compared case-insensitively)");
            }
        }
        return new MapVariable(source, keys, regexes.toArray(new RegexKey[0]), fallback, hostnames);
    }

    private record RegexKey(Pattern pattern, Template value) {
    }

    /** The compiled map; one lookup per access. */
    private record MapVariable(Template source, HostnameKeys<Template> keys, RegexKey[] regexes,
                               Template fallback, boolean hostnames) implements Variable {

        @Override
        public String value(RequestContext request) {
            String subject = source.evaluate(request);
            if (hostnames && subject.endsWith(".")) {
                subject = subject.substring(0, subject.length() - 1);
            }
            Template result = keys.find(Ascii.lower(subject));
            if (result == null && !subject.isEmpty()) {
                for (RegexKey regex : regexes) {
                    if (Regexes.matches(regex.pattern(), subject, request)) {
                        result = regex.value();
                        break;
                    }
                }
            }
            if (result == null) {
                result = fallback;
            }
            return result == null ? "" : result.evaluate(request);
        }
    }
}
