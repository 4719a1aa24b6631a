package dev.switchboard.tls;

import dev.switchboard.config.ConfigException;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys as nginx accepts them: certificate chains (leaf first), and keys in
 * PKCS#8 (plain or encrypted with a password from {@code ssl_password_file}), PKCS#1 RSA or SEC1 EC form.
 */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"};

    private Pem() {
    }

    static List<X509Certificate> certificates(PemSource source, String what) {
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(source.text());
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE") || m.group(1).equals("TRUSTED CERTIFICATE")) {
                    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                    out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new ConfigException("cannot load " + what + " \"" + source.label() + "\": " + e.getMessage(),
                    source.argument().position());
        }
        if (out.isEmpty()) {
            throw new ConfigException("cannot load " + what + " \"" + source.label() + "\": no certificate found",
                    source.argument().position());
        }
        return out;
    }

    /** The first private key in {@code source}, trying each password for an encrypted one. */
    static PrivateKey privateKey(PemSource source, List<String> passwords) {
        Matcher m = BLOCK.matcher(source.text());
        while (m.find()) {
            String type = m.group(1);
            String body = m.group(2);
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(source, decode(source, body));
                }
                case "RSA PRIVATE KEY" -> {
                    rejectTraditionalEncryption(source, body);
                    return pkcs8(source, Der.pkcs8FromPkcs1(decode(source, body)));
                }
                case "EC PRIVATE KEY" -> {
                    rejectTraditionalEncryption(source, body);
                    byte[] pkcs8 = Der.pkcs8FromSec1(decode(source, body));
                    if (pkcs8 == null) {
                        throw keyError(source, "the EC key does not name its curve");
                    }
                    return pkcs8(source, pkcs8);
                }
                case "ENCRYPTED PRIVATE KEY" -> {
                    return encrypted(source, decode(source, body), passwords);
                }
                default -> {
                    // EC PARAMETERS and certificates may share the file: skip them
                }
            }
        }
        throw keyError(source, "no private key found");
    }

    private static void rejectTraditionalEncryption(PemSource source, String body) {
        if (body.contains("Proc-Type:") && body.contains("ENCRYPTED")) {
            throw keyError(source, "traditional PEM encryption is not supported; convert the key with "
                    + "\"openssl pkcs8 -topk8\"");
        }
    }

    private static byte[] decode(PemSource source, String body) {
        try {
            return Base64.getMimeDecoder().decode(body.trim());
        } catch (IllegalArgumentException e) {
            throw keyError(source, "bad base64 (" + e.getMessage() + ")");
        }
    }

    private static PrivateKey pkcs8(PemSource source, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw keyError(source, "unsupported or damaged key");
    }

    private static PrivateKey encrypted(PemSource source, byte[] der, List<String> passwords) {
        if (passwords.isEmpty()) {
            throw keyError(source, "the key is encrypted; name a file of passwords with \"ssl_password_file\"");
        }
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (java.io.IOException e) {
            throw keyError(source, "damaged encrypted key");
        }
        // For PBES2 the JDK names the algorithm "PBES2", which no Cipher answers to; the parameters know the
        // concrete scheme (such as PBEWithHmacSHA256AndAES_256).
        String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
        for (String password : passwords) {
            try {
                SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
                Cipher cipher = Cipher.getInstance(algorithm);
                cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password.toCharArray())),
                        info.getAlgParameters());
                return pkcs8(source, info.getKeySpec(cipher).getEncoded());
            } catch (GeneralSecurityException | ConfigException e) {
                // wrong password: try the next one, as nginx does
            }
        }
        throw keyError(source, "wrong password or unsupported encryption (" + algorithm + ")");
    }

    private static ConfigException keyError(PemSource source, String why) {
        return new ConfigException("cannot load certificate key \"" + source.label() + "\": " + why,
                source.argument().position());
    }
}
