package dev.switchboard.tls;

import dev.switchboard.config.Argument;
import dev.switchboard.config.Arity;
import dev.switchboard.config.CompileContext;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigValues;
import dev.switchboard.config.Context;
import dev.switchboard.config.Directive;
import dev.switchboard.config.DirectiveSpec;
import dev.switchboard.config.model.SettingKey;
import dev.switchboard.vars.Template;
import dev.switchboard.vars.VariableRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Specs of the {@code ssl_*} directives (http and server level, as nginx's ngx_http_ssl_module) and of the
 * {@code proxy_ssl_*} directives (http, server and location). Values are checked here; files are read when the
 * runtime is built, so that one error message shape covers both.
 */
public final class TlsDirectives {

    /** The protocol names nginx accepts; SSLv2 and SSLv3 are accepted and ignored, as no engine here has them. */
    static final Set<String> PROTOCOL_NAMES = Set.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private static final Context[] SERVER_LEVELS = {Context.HTTP, Context.SERVER};
    private static final Context[] PROXY_LEVELS = {Context.HTTP, Context.SERVER, Context.LOCATION};

    private TlsDirectives() {
    }

    public static List<DirectiveSpec> specs() {
        List<DirectiveSpec> specs = new ArrayList<>(List.of(
                DirectiveSpec.of("ssl_certificate", SERVER_LEVELS).repeatable()
                        .handle((d, scope, ctx) -> scope.settings().append(TlsSettings.CERTIFICATES, d.arg(0))),
                DirectiveSpec.of("ssl_certificate_key", SERVER_LEVELS).repeatable()
                        .handle((d, scope, ctx) -> scope.settings().append(TlsSettings.CERTIFICATE_KEYS, d.arg(0))),
                path("ssl_password_file", TlsSettings.PASSWORD_FILE, SERVER_LEVELS),
                DirectiveSpec.of("ssl_protocols", SERVER_LEVELS).arity(Arity.ONE_OR_MORE)
                        .handle((d, scope, ctx) -> scope.settings().put(TlsSettings.PROTOCOLS, protocols(d, ctx))),
                ciphers("ssl_ciphers", TlsSettings.CIPHERS, SERVER_LEVELS),
                flag("ssl_prefer_server_ciphers", TlsSettings.PREFER_SERVER_CIPHERS, SERVER_LEVELS),
                DirectiveSpec.of("ssl_session_cache", SERVER_LEVELS).arity(Arity.ONE_OR_TWO)
                        .handle((d, scope, ctx) -> scope.settings().put(TlsSettings.SESSION_CACHE, sessionCache(d))),
                DirectiveSpec.of("ssl_session_timeout", SERVER_LEVELS)
                        .handle((d, scope, ctx) -> scope.settings().put(TlsSettings.SESSION_TIMEOUT,
                                ConfigValues.timeSeconds(d.arg(0), d.name()))),
                flag("ssl_session_tickets", TlsSettings.SESSION_TICKETS, SERVER_LEVELS),
                text("ssl_ecdh_curve", TlsSettings.ECDH_CURVE, SERVER_LEVELS),
                path("ssl_client_certificate", TlsSettings.CLIENT_CERTIFICATE, SERVER_LEVELS),
                path("ssl_trusted_certificate", TlsSettings.TRUSTED_CERTIFICATE, SERVER_LEVELS),
                DirectiveSpec.of("ssl_verify_client", SERVER_LEVELS)
                        .handle((d, scope, ctx) -> scope.settings().put(TlsSettings.VERIFY_CLIENT, verifyClient(d))),
                depth("ssl_verify_depth", TlsSettings.VERIFY_DEPTH, SERVER_LEVELS),

                flag("proxy_ssl_server_name", TlsSettings.PROXY_SERVER_NAME, PROXY_LEVELS),
                DirectiveSpec.of("proxy_ssl_name", PROXY_LEVELS)
                        .handle((d, scope, ctx) -> scope.settings().put(TlsSettings.PROXY_NAME,
                                Template.compile(d.arg(0), ctx.service(VariableRegistry.class)))),
                flag("proxy_ssl_verify", TlsSettings.PROXY_VERIFY, PROXY_LEVELS),
                path("proxy_ssl_trusted_certificate", TlsSettings.PROXY_TRUSTED_CERTIFICATE, PROXY_LEVELS),
                depth("proxy_ssl_verify_depth", TlsSettings.PROXY_VERIFY_DEPTH, PROXY_LEVELS),
                DirectiveSpec.of("proxy_ssl_protocols", PROXY_LEVELS).arity(Arity.ONE_OR_MORE)
                        .handle((d, scope, ctx) -> scope.settings().put(TlsSettings.PROXY_PROTOCOLS,
                                protocols(d, ctx))),
                path("proxy_ssl_certificate", TlsSettings.PROXY_CERTIFICATE, PROXY_LEVELS),
                path("proxy_ssl_certificate_key", TlsSettings.PROXY_CERTIFICATE_KEY, PROXY_LEVELS),
                path("proxy_ssl_password_file", TlsSettings.PROXY_PASSWORD_FILE, PROXY_LEVELS),
                flag("proxy_ssl_session_reuse", TlsSettings.PROXY_SESSION_REUSE, PROXY_LEVELS),
                ciphers("proxy_ssl_ciphers", TlsSettings.PROXY_CIPHERS, PROXY_LEVELS),

                // common in real configurations (certbot's among them); none changes what a client may do
                ignored("ssl_dhparam", false, "DHE cipher suites are not offered by the engine (ECDHE is)"),
                ignored("ssl_stapling", true, "OCSP stapling is not supported; clients query OCSP themselves"),
                ignored("ssl_stapling_verify", true, "OCSP stapling is not supported"),
                ignored("ssl_stapling_file", false, "OCSP stapling is not supported"),
                ignored("ssl_stapling_responder", false, "OCSP stapling is not supported"),
                ignored("ssl_buffer_size", false, "the engine sizes TLS records itself"),
                ignored("ssl_early_data", true, "0-RTT early data is not accepted (the safe default)"),
                ignored("ssl_session_ticket_key", false, "ticket keys are made and rotated by the engine, per "
                        + "process, so tickets are not shared with other instances")));
        return List.copyOf(specs);
    }

    private static DirectiveSpec path(String name, SettingKey<Argument> key, Context... contexts) {
        return DirectiveSpec.of(name, contexts).handle((d, scope, ctx) -> scope.settings().put(key, d.arg(0)));
    }

    private static DirectiveSpec text(String name, SettingKey<String> key, Context... contexts) {
        return DirectiveSpec.of(name, contexts).handle((d, scope, ctx) -> scope.settings().put(key, d.arg(0).text()));
    }

    /** A cipher string, expanded once here so that an unknown rule is reported at the directive. */
    private static DirectiveSpec ciphers(String name, SettingKey<String> key, Context... contexts) {
        return DirectiveSpec.of(name, contexts).handle((d, scope, ctx) -> {
            List<String> warnings = new ArrayList<>();
            CipherList.expand(d.arg(0).text(), d.arg(0).position(), warnings);
            warnings.forEach(w -> ctx.warn(w, null));
            scope.settings().put(key, d.arg(0).text());
        });
    }

    private static DirectiveSpec flag(String name, SettingKey<Boolean> key, Context... contexts) {
        return DirectiveSpec.of(name, contexts)
                .handle((d, scope, ctx) -> scope.settings().put(key, ConfigValues.flag(d.arg(0), name)));
    }

    /**
     * A directive accepted with a warning that says why it has no effect here. A flag warns only when on (off is
     * what the engine does anyway).
     */
    private static DirectiveSpec ignored(String name, boolean isFlag, String reason) {
        DirectiveSpec.Builder spec = DirectiveSpec.of(name, SERVER_LEVELS);
        if (name.equals("ssl_session_ticket_key")) {
            spec.repeatable(); // one key per line, as nginx
        }
        return spec.handle((d, scope, ctx) -> {
            if (!isFlag || ConfigValues.flag(d.arg(0), name)) {
                ctx.warn("\"" + name + "\" is ignored: " + reason, d.position());
            }
        });
    }

    private static DirectiveSpec depth(String name, SettingKey<Integer> key, Context... contexts) {
        return DirectiveSpec.of(name, contexts)
                .handle((d, scope, ctx) -> scope.settings().put(key, ConfigValues.positiveInt(d.arg(0), name)));
    }

    static List<String> protocols(Directive d, CompileContext ctx) {
        List<String> out = new ArrayList<>();
        for (Argument a : d.args()) {
            String name = a.text();
            if (!PROTOCOL_NAMES.contains(name)) {
                throw new ConfigException("invalid value \"" + name + "\" in \"" + d.name() + "\" directive",
                        a.position(), "use TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3");
            }
            if (name.startsWith("SSL")) {
                ctx.warn("\"" + name + "\" in \"" + d.name() + "\" is not supported, ignored", a.position());
            } else if (!out.contains(name)) {
                out.add(name);
            }
        }
        if (out.isEmpty()) {
            throw new ConfigException("no usable protocol in \"" + d.name() + "\"", d.position(),
                    "use TLSv1.2 TLSv1.3");
        }
        return List.copyOf(out);
    }

    static SessionCache sessionCache(Directive d) {
        SessionCache result = SessionCache.NONE;
        for (Argument a : d.args()) {
            String v = a.text();
            if (v.equals("off") || v.equals("none")) {
                if (d.args().size() > 1) {
                    throw invalidCache(a);
                }
                return v.equals("off") ? new SessionCache(false, -1) : SessionCache.NONE;
            } else if (v.equals("builtin")) {
                result = new SessionCache(true, Math.max(result.entries(), 20480));
            } else if (v.startsWith("builtin:")) {
                result = new SessionCache(true, Math.max(result.entries(),
                        ConfigValues.positiveInt(new Argument(v.substring(8), false, a.position()), d.name())));
            } else if (v.startsWith("shared:")) {
                int colon = v.indexOf(':', 7);
                if (colon < 0 || colon == 7) {
                    throw invalidCache(a);
                }
                long bytes = ConfigValues.size(new Argument(v.substring(colon + 1), false, a.position()), d.name());
                if (bytes < 8 * 4096) {
                    throw new ConfigException("session cache \"" + v + "\" is too small", a.position());
                }
                result = new SessionCache(true, Math.max(result.entries(), SessionCache.entriesForBytes(bytes)));
            } else {
                throw invalidCache(a);
            }
        }
        return result;
    }

    private static ConfigException invalidCache(Argument a) {
        return new ConfigException("invalid session cache \"" + a.text() + "\"", a.position(),
                "use off, none, builtin[:size] or shared:name:size");
    }

    static ClientVerify verifyClient(Directive d) {
        ClientVerify v = ClientVerify.parse(d.arg(0).text());
        if (v == null) {
            throw new ConfigException("invalid value \"" + d.arg(0).text() + "\" in \"ssl_verify_client\" directive, "
                    + "it must be \"on\", \"off\", \"optional\" or \"optional_no_ca\"", d.arg(0).position());
        }
        return v;
    }
}
