package dev.switchboard.server;

import dev.switchboard.config.CompileContext;
import dev.switchboard.config.Compiler;
import dev.switchboard.config.Directive;
import dev.switchboard.config.DirectiveRegistry;
import dev.switchboard.config.Parser;
import dev.switchboard.config.model.ConfigBlock;
import dev.switchboard.http.ContentDirectives;
import dev.switchboard.http.RewriteDirectives;
import dev.switchboard.http.ServerDirectives;
import dev.switchboard.limit.LimitDirectives;
import dev.switchboard.proxy.ProxyDirectives;
import dev.switchboard.proxy.ProxyVariables;
import dev.switchboard.upstream.UpstreamDirectives;
import dev.switchboard.upstream.health.HealthCheckDirectives;
import dev.switchboard.vars.VariableRegistry;
import dev.switchboard.vars.VarsDirectives;
import dev.switchboard.websocket.WebSocketDirectives;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a configuration from disk (or text) into a ready {@link Runtime}: parse, compile against every feature
 * package's directive specs, build. Any error is a {@link dev.switchboard.config.ConfigException} with its position.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Every directive this build understands. */
    public static DirectiveRegistry registry() {
        return new DirectiveRegistry()
                .addAll(MainDirectives.specs())
                .addAll(ServerDirectives.specs())
                .addAll(ContentDirectives.specs())
                .addAll(RewriteDirectives.specs())
                .addAll(VarsDirectives.specs())
                .addAll(ProxyDirectives.specs())
                .addAll(UpstreamDirectives.specs())
                .addAll(HealthCheckDirectives.specs())
                .addAll(dev.switchboard.upstream.dns.ResolverDirectives.specs())
                .addAll(WebSocketDirectives.specs())
                .addAll(LimitDirectives.specs())
                .addAll(dev.switchboard.tls.TlsDirectives.specs())
                .addAll(dev.switchboard.observe.ObserveDirectives.specs())
                .addAll(dev.switchboard.access.AccessDirectives.specs());
    }

    /**
     * Loads a configuration file. {@code globals} are {@code -g} directives, applied at main level after the file.
     *
     * @param prefix relative paths in the configuration resolve against it
     */
    public static Runtime load(Path file, Path prefix, String globals) {
        return load(file, prefix, globals, null);
    }

    /** As {@link #load(Path, Path, String)}, reporting every configuration file read and its text to {@code files}. */
    public static Runtime load(Path file, Path prefix, String globals, java.util.Map<Path, String> files) {
        List<Directive> top = new ArrayList<>(Parser.parseFile(file, files));
        if (globals != null && !globals.isBlank()) {
            top.addAll(Parser.parseString(dev.switchboard.config.RawText.fromUnicode(globals), "command line",
                    file.toAbsolutePath().getParent()));
        }
        return compile(top, prefix, file.toAbsolutePath().getParent());
    }

    /** Compiles parsed directives into a runtime; the configuration's own directory is taken to be the prefix. */
    public static Runtime compile(List<Directive> top, Path prefix) {
        return compile(top, prefix, prefix);
    }

    /**
     * Compiles parsed directives into a runtime.
     *
     * @param confPrefix the main configuration file's directory, against which nginx resolves certificate, key and
     *                   user-file paths
     */
    public static Runtime compile(List<Directive> top, Path prefix, Path confPrefix) {
        CompileContext context = new CompileContext(prefix, confPrefix);
        VariableRegistry variables = VariableRegistry.withBuiltins();
        ProxyVariables proxyVariables = ProxyVariables.register(variables);
        dev.switchboard.tls.TlsVariables.register(variables);
        dev.switchboard.observe.LogVariables.register(variables);
        dev.switchboard.access.AccessDirectives.registerVariables(variables);
        context.register(VariableRegistry.class, variables);
        ConfigBlock main = new Compiler(registry()).compile(top, context);
        return new RuntimeBuilder(context, variables, proxyVariables).build(main);
    }
}
