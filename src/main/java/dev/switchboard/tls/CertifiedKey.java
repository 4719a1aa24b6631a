package dev.switchboard.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** One {@code ssl_certificate} / {@code ssl_certificate_key} pair: the key and its chain, leaf first. */
public record CertifiedKey(String label, PrivateKey key, List<X509Certificate> chain) {

    public X509Certificate leaf() {
        return chain.get(0);
    }
}
