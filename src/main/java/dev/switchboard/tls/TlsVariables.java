package dev.switchboard.tls;

import dev.switchboard.vars.RequestContext;
import dev.switchboard.vars.VariableRegistry;

import java.util.function.Function;

/**
 * The {@code $ssl_*} variables of nginx's SSL module, read from the connection's {@link TlsConnection}; empty on
 * plain connections. ({@code $https} and {@code $scheme} are core variables, derived from the listener.)
 */
public final class TlsVariables {

    private TlsVariables() {
    }

    public static void register(VariableRegistry registry) {
        define(registry, "ssl_protocol", TlsConnection::protocol);
        define(registry, "ssl_cipher", TlsConnection::cipher);
        define(registry, "ssl_server_name", TlsConnection::serverName);
        define(registry, "ssl_alpn_protocol", TlsConnection::alpn);
        define(registry, "ssl_client_verify", TlsConnection::clientVerify);
        define(registry, "ssl_client_s_dn", TlsConnection::clientSubject);
        define(registry, "ssl_client_i_dn", TlsConnection::clientIssuer);
        define(registry, "ssl_client_serial", TlsConnection::clientSerial);
        define(registry, "ssl_client_fingerprint", TlsConnection::clientFingerprint);
    }

    private static void define(VariableRegistry registry, String name, Function<TlsConnection, String> getter) {
        registry.define(name, (RequestContext request) -> {
            TlsConnection tls = request.connectionFact(TlsConnection.class);
            return tls == null ? null : getter.apply(tls);
        });
    }
}
