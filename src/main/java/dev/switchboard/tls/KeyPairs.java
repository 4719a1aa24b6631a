package dev.switchboard.tls;

import dev.switchboard.config.Argument;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Position;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads certificate/key pairs and checks each key against its certificate, as OpenSSL's
 * {@code SSL_CTX_use_PrivateKey} does ("key values mismatch" in nginx's log).
 */
final class KeyPairs {

    private KeyPairs() {
    }

    /** Pairs the n-th certificate with the n-th key, as nginx does. */
    static List<CertifiedKey> load(List<Argument> certificates, List<Argument> keys, Argument passwordFile,
                                   Path prefix, Position where) {
        if (certificates.isEmpty()) {
            throw new ConfigException("no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive", where);
        }
        if (keys.size() < certificates.size()) {
            Argument cert = certificates.get(keys.size());
            throw new ConfigException("no \"ssl_certificate_key\" is defined for certificate \"" + cert.text() + "\"",
                    cert.position());
        }
        List<String> passwords = passwords(passwordFile, prefix);
        List<CertifiedKey> out = new ArrayList<>();
        for (int i = 0; i < certificates.size(); i++) {
            out.add(load(certificates.get(i), keys.get(i), passwords, prefix));
        }
        return List.copyOf(out);
    }

    static CertifiedKey load(Argument certificate, Argument key, List<String> passwords, Path prefix) {
        PemSource certSource = PemSource.read(certificate, prefix, "certificate");
        PemSource keySource = PemSource.read(key, prefix, "certificate key");
        var chain = Pem.certificates(certSource, "certificate");
        PrivateKey privateKey = Pem.privateKey(keySource, passwords);
        if (!matches(privateKey, chain.get(0).getPublicKey())) {
            throw new ConfigException("the key \"" + keySource.label() + "\" does not match the certificate \""
                    + certSource.label() + "\" (key values mismatch)", key.position());
        }
        return new CertifiedKey(certSource.label(), privateKey, chain);
    }

    /** {@code ssl_password_file}: one password per line, tried in order. */
    static List<String> passwords(Argument file, Path prefix) {
        if (file == null) {
            return List.of();
        }
        Path path = prefix.resolve(dev.switchboard.config.RawText.toUnicode(file.text())).normalize();
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                if (!line.isEmpty()) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new ConfigException("cannot open \"" + path + "\": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), file.position());
        }
    }

    /** Whether the private key signs what the certificate's public key verifies. */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "switchboard key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                signer.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                verifier.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
