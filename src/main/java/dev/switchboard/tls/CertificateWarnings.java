package dev.switchboard.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * Problems worth a warning but not a refusal (nginx starts with them too, and clients then fail): a certificate
 * that has expired or is not yet valid, and a server name that none of the server's certificates covers.
 */
final class CertificateWarnings {

    private CertificateWarnings() {
    }

    static List<String> of(List<CertifiedKey> keys, List<String> serverNames, Date now) {
        List<String> out = new ArrayList<>();
        for (CertifiedKey k : keys) {
            X509Certificate leaf = k.leaf();
            if (now.after(leaf.getNotAfter())) {
                out.add("the certificate \"" + k.label() + "\" expired on " + leaf.getNotAfter().toInstant());
            }
            if (now.before(leaf.getNotBefore())) {
                out.add("the certificate \"" + k.label() + "\" is not valid before "
                        + leaf.getNotBefore().toInstant());
            }
        }
        for (String name : serverNames) {
            if (name.isEmpty() || name.startsWith("~") || name.equals("_") || name.startsWith(".")
                    || name.endsWith(".*")) {
                continue;
            }
            boolean covered = keys.stream().anyMatch(k -> covers(k.leaf(), name));
            if (!covered) {
                out.add("no certificate of the server covers the server name \"" + name + "\"");
            }
        }
        return out;
    }

    /** RFC 6125 §6.4: DNS names of the subjectAltName (a leading "*." matching one label), else the CN. */
    static boolean covers(X509Certificate cert, String name) {
        List<String> dns = dnsNames(cert);
        if (dns.isEmpty()) {
            String cn = commonName(cert);
            if (cn != null) {
                dns = List.of(cn);
            }
        }
        String host = name.toLowerCase(Locale.ROOT);
        for (String pattern : dns) {
            String p = pattern.toLowerCase(Locale.ROOT);
            if (p.equals(host)) {
                return true;
            }
            if (p.startsWith("*.") && !host.startsWith("*.")) {
                int dot = host.indexOf('.');
                if (dot > 0 && host.substring(dot).equals(p.substring(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> dnsNames(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> entry : names) {
                    if (entry.size() >= 2 && Integer.valueOf(2).equals(entry.get(0))) {
                        out.add(String.valueOf(entry.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // treat as no alternative names
        }
        return out;
    }

    private static String commonName(X509Certificate cert) {
        for (String part : cert.getSubjectX500Principal().getName().split(",")) {
            if (part.trim().startsWith("CN=")) {
                return part.trim().substring(3);
            }
        }
        return null;
    }
}
