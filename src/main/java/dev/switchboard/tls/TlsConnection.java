package dev.switchboard.tls;

import io.netty.util.AttributeKey;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;

/**
 * What the {@code $ssl_*} variables read about a client connection, fixed when its handshake completes.
 *
 * @param serverName    the SNI host name, or null when the client sent none
 * @param clientVerify  {@code $ssl_client_verify}
 * @param client        the client's certificate, or null
 * @param rejectStatus  0, or 495/496 when nginx would refuse the connection's requests
 */
public record TlsConnection(String protocol, String cipher, String serverName, String alpn,
                            String clientVerify, X509Certificate client, int rejectStatus) {

    /** Where the connection's facts live until it closes. */
    public static final AttributeKey<TlsConnection> KEY = AttributeKey.valueOf(TlsConnection.class, "tls");

    /** {@code $ssl_client_s_dn}: RFC 2253, as nginx 1.11.6+. */
    public String clientSubject() {
        return client == null ? null : client.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    /** {@code $ssl_client_i_dn}. */
    public String clientIssuer() {
        return client == null ? null : client.getIssuerX500Principal().getName(X500Principal.RFC2253);
    }

    /** {@code $ssl_client_serial}: upper-case hex, as OpenSSL prints it. */
    public String clientSerial() {
        return client == null ? null : client.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
    }

    /** {@code $ssl_client_fingerprint}: the SHA-1 of the DER certificate in lower-case hex. */
    public String clientFingerprint() {
        if (client == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(client.getEncoded());
            StringBuilder sb = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return null;
        }
    }
}
