package dev.switchboard.tls;

import dev.switchboard.config.Argument;
import dev.switchboard.config.Position;
import dev.switchboard.config.model.Settings;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The TLS configuration of one server block with its files read and checked.
 *
 * @param clientCas     certificates from {@code ssl_client_certificate}: trusted and named to the client
 * @param trusted       {@code ssl_client_certificate} plus {@code ssl_trusted_certificate}: what verification trusts
 * @param sessionTimeout seconds
 * @param where          the position errors found later (at context build time) are reported at
 */
public record ServerTls(List<CertifiedKey> keys, List<String> protocols, String ciphers,
                        boolean preferServerCiphers, SessionCache sessionCache, long sessionTimeout,
                        boolean sessionTickets, String ecdhCurve, ClientVerify verifyClient,
                        List<X509Certificate> clientCas, List<X509Certificate> trusted, int verifyDepth,
                        Position where) {

    /**
     * Loads the TLS settings effective in a server block that is reachable on a {@code listen ... ssl} address.
     *
     * @param where    the {@code listen} directive, for "no ssl_certificate" errors
     * @param warnings receives messages for expired certificates and uncovered server names
     */
    public static ServerTls load(Settings s, Path prefix, Position where, List<String> serverNames,
                                 List<String> warnings) {
        List<CertifiedKey> keys = KeyPairs.load(s.get(TlsSettings.CERTIFICATES), s.get(TlsSettings.CERTIFICATE_KEYS),
                s.get(TlsSettings.PASSWORD_FILE), prefix, where);
        for (String w : CertificateWarnings.of(keys, serverNames, new Date())) {
            warnings.add(w + " in " + where);
        }
        ClientVerify verify = s.get(TlsSettings.VERIFY_CLIENT);
        List<X509Certificate> cas = certificates(s.get(TlsSettings.CLIENT_CERTIFICATE), prefix);
        List<X509Certificate> trusted = new ArrayList<>(cas);
        trusted.addAll(certificates(s.get(TlsSettings.TRUSTED_CERTIFICATE), prefix));
        if ((verify == ClientVerify.ON || verify == ClientVerify.OPTIONAL) && trusted.isEmpty()) {
            throw new dev.switchboard.config.ConfigException("no ssl_client_certificate or ssl_trusted_certificate "
                    + "for ssl_verify_client", where);
        }
        return new ServerTls(keys, s.get(TlsSettings.PROTOCOLS), s.get(TlsSettings.CIPHERS),
                s.get(TlsSettings.PREFER_SERVER_CIPHERS), s.get(TlsSettings.SESSION_CACHE),
                s.get(TlsSettings.SESSION_TIMEOUT), s.get(TlsSettings.SESSION_TICKETS), s.get(TlsSettings.ECDH_CURVE),
                verify, List.copyOf(cas), List.copyOf(trusted), s.get(TlsSettings.VERIFY_DEPTH), where);
    }

    static List<X509Certificate> certificates(Argument file, Path prefix) {
        if (file == null) {
            return List.of();
        }
        return Pem.certificates(PemSource.read(file, prefix, "certificate"), "certificate");
    }
}
