package dev.switchboard.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Judges a client's certificate chain against {@code ssl_client_certificate} / {@code ssl_trusted_certificate}
 * and {@code ssl_verify_depth}, giving nginx's {@code $ssl_client_verify} text: {@code SUCCESS},
 * {@code FAILED:reason} (OpenSSL's wording for the common reasons) or {@code NONE}.
 */
final class ClientCertificates {

    static final String NONE = "NONE";
    static final String SUCCESS = "SUCCESS";
    static final String NO_ISSUER = "unable to get local issuer certificate";

    private ClientCertificates() {
    }

    static String verify(X509Certificate[] chain, ServerTls tls) {
        if (chain == null || chain.length == 0) {
            return NONE;
        }
        X509Certificate leaf = chain[0];
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            return "FAILED:certificate has expired";
        } catch (CertificateNotYetValidException e) {
            return "FAILED:certificate is not yet valid";
        }
        if (tls.trusted().isEmpty()) {
            return "FAILED:" + NO_ISSUER;
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : tls.trusted()) {
            anchors.add(new TrustAnchor(ca, null));
        }
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (tls.trusted().contains(c)) {
                break;
            }
            path.add(c);
        }
        // ssl_verify_depth counts the certificates above the client's: 1 means issued directly by a trusted CA.
        if (path.size() - 1 >= tls.verifyDepth()) {
            return "FAILED:certificate chain too long";
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            CertPath certPath = factory.generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return SUCCESS;
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return "FAILED:certificate has expired";
            }
            if (e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return "FAILED:certificate is not yet valid";
            }
            if (e.getReason() == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
                return "FAILED:certificate signature failure";
            }
            return "FAILED:" + (path.size() == 1 && leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())
                    ? "self-signed certificate" : NO_ISSUER);
        } catch (GeneralSecurityException e) {
            return "FAILED:" + e.getMessage();
        }
    }

    /**
     * The status nginx answers a request with for this verdict: 496 (no certificate while required), 495
     * (certificate error; with {@code optional_no_ca} only for errors other than an unknown issuer), else 0.
     */
    static int rejectStatus(ClientVerify mode, String verdict) {
        if (mode == ClientVerify.OFF) {
            return 0;
        }
        if (verdict.equals(NONE)) {
            return mode == ClientVerify.ON ? 496 : 0;
        }
        if (verdict.equals(SUCCESS)) {
            return 0;
        }
        if (mode == ClientVerify.OPTIONAL_NO_CA && (verdict.endsWith(NO_ISSUER)
                || verdict.endsWith("self-signed certificate"))) {
            return 0;
        }
        return 495;
    }
}
