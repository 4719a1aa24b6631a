package dev.switchboard.tls;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Position;
import io.netty.internal.tcnative.SSL;
import io.netty.internal.tcnative.SSLContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns an OpenSSL cipher string ({@code HIGH:!aNULL:!MD5}) into the list of suites Netty expects. With the
 * OpenSSL engine the library itself expands the string, so every OpenSSL rule works; with the JDK engine only
 * explicit IANA names ({@code TLS_ECDHE_...}) are understood. {@code ssl_ciphers} does not apply to TLS 1.3,
 * whose suites the engines choose, as in nginx.
 */
final class CipherList {

    /** nginx's default, which leaves the engine's own (modern) list in place. */
    static final String NGINX_DEFAULT = "HIGH:!aNULL:!MD5";

    private CipherList() {
    }

    /** The suites for {@code spec}, or null to keep the engine's default list. */
    static List<String> expand(String spec, Position where, List<String> warnings) {
        if (spec == null || spec.equals(NGINX_DEFAULT) || spec.equals("DEFAULT")) {
            return null;
        }
        if (TlsEngine.openSsl()) {
            return openSsl(spec, where);
        }
        List<String> out = new ArrayList<>();
        for (String token : spec.split("[:, ]+")) {
            if (token.startsWith("TLS_") || token.startsWith("SSL_")) {
                out.add(token);
            }
        }
        if (out.isEmpty()) {
            warnings.add("\"ssl_ciphers " + spec + "\" needs the OpenSSL engine; the JDK's defaults are used in "
                    + where);
            return null;
        }
        return out;
    }

    private static List<String> openSsl(String spec, Position where) {
        long ctx = 0;
        long ssl = 0;
        try {
            ctx = SSLContext.make(SSL.SSL_PROTOCOL_ALL, SSL.SSL_MODE_SERVER);
            SSLContext.setCipherSuite(ctx, spec, false);
            ssl = SSL.newSSL(ctx, true);
            String[] ciphers = SSL.getCiphers(ssl);
            List<String> out = new ArrayList<>();
            for (String c : ciphers) {
                // TLS 1.3 suites show in the list but are not set through the cipher string
                if (!c.startsWith("TLS_")) {
                    out.add(c);
                }
            }
            if (out.isEmpty()) {
                throw new ConfigException("no cipher matches \"" + spec + "\" in \"ssl_ciphers\"", where);
            }
            return out;
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException("invalid cipher string \"" + spec + "\" (" + e.getMessage() + ")", where);
        } finally {
            if (ssl != 0) {
                SSL.freeSSL(ssl);
            }
            if (ctx != 0) {
                SSLContext.free(ctx);
            }
        }
    }
}
