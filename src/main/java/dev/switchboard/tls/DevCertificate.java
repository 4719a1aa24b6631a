package dev.switchboard.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} (and 127.0.0.1), made once with the JDK's own {@code keytool}
 * and kept as PEM files in a directory, for the demo and for development. No extra library is needed: Netty's
 * {@code SelfSignedCertificate} wants BouncyCastle or JDK internals that JDK 17 closes off.
 *
 * @param certificate the PEM certificate ({@code ssl_certificate})
 * @param key         the PEM PKCS#8 key ({@code ssl_certificate_key}), readable by the owner only
 * @param created     true when this call generated the files
 */
public record DevCertificate(Path certificate, Path key, boolean created) {

    private static final String CERT_FILE = "localhost-cert.pem";
    private static final String KEY_FILE = "localhost-key.pem";

    /** The certificate in {@code dir}, generated on first use. */
    public static DevCertificate ensure(Path dir) throws IOException {
        Path cert = dir.resolve(CERT_FILE);
        Path key = dir.resolve(KEY_FILE);
        if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
            return new DevCertificate(cert, key, false);
        }
        Files.createDirectories(dir);
        Path store = Files.createTempFile(dir, "localhost", ".p12");
        Files.delete(store);
        String password = Long.toHexString(new java.security.SecureRandom().nextLong());
        try {
            keytool(List.of("-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-validity", "825", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:::1", "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", password, "-keypass", password));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, password.toCharArray());
            }
            Key privateKey = ks.getKey("localhost", password.toCharArray());
            Certificate certificate = ks.getCertificate("localhost");
            writeOwnerOnly(key, pem("PRIVATE KEY", privateKey.getEncoded()));
            Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the generated certificate: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(store);
        }
        return new DevCertificate(cert, key, true);
    }

    private static void keytool(List<String> args) throws IOException {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Files.isExecutable(tool) ? tool.toString() : "keytool");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
