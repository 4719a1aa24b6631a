package dev.switchboard.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Certificates made at test time with the {@code openssl} command line: a CA, server and client certificates. */
public final class TestCertificates {

    public final Path dir;

    public TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A self-signed CA: {@code name.crt}, {@code name.key}. */
    public TestCertificates ca(String name) {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".crt",
                "-days", "2", "-subj", "/CN=" + name);
        return this;
    }

    /** An intermediate CA {@code name} signed by {@code ca}. */
    public TestCertificates intermediate(String name, String ca) {
        openssl("req", "-x509", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-newkey", "rsa:2048", "-nodes",
                "-keyout", name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return this;
    }

    /** A certificate for {@code dnsNames} signed by {@code ca}; {@code keyType} "rsa:2048" or "ec". */
    public TestCertificates leaf(String name, String ca, String keyType, String days, String... dnsNames) {
        List<String> cmd = new ArrayList<>(List.of("req", "-x509", "-CA", ca + ".crt", "-CAkey", ca + ".key",
                "-newkey", keyType));
        if (keyType.equals("ec")) {
            cmd.addAll(List.of("-pkeyopt", "ec_paramgen_curve:prime256v1"));
        }
        cmd.addAll(List.of("-nodes", "-keyout", name + ".key", "-out", name + ".crt", "-days", days,
                "-subj", "/CN=" + (dnsNames.length > 0 ? dnsNames[0] : name) + "/O=Switchboard Tests"));
        if (dnsNames.length > 0) {
            cmd.addAll(List.of("-addext", "subjectAltName=DNS:" + String.join(",DNS:", dnsNames)));
        }
        cmd.addAll(List.of("-addext", "basicConstraints=critical,CA:FALSE"));
        openssl(cmd.toArray(new String[0]));
        return this;
    }

    public Path path(String file) {
        return dir.resolve(file);
    }

    public String read(String file) throws IOException {
        return Files.readString(dir.resolve(file));
    }

    /** Runs openssl in the directory; returns stdout and stderr together. */
    public String openssl(String... args) {
        return opensslWithInput(null, args);
    }

    public String opensslWithInput(String input, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            if (input != null) {
                p.getOutputStream().write(input.getBytes(StandardCharsets.ISO_8859_1));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl timed out: " + cmd);
            }
            if (p.exitValue() != 0 && !args[0].equals("s_client")) {
                throw new IllegalStateException("openssl failed: " + cmd + "\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code openssl s_client} against the port with the given SNI name (null: none) and extra options. */
    public String sClient(int port, String sni, String... options) {
        List<String> cmd = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port, "-brief"));
        if (sni == null) {
            cmd.add("-noservername");
        } else {
            cmd.addAll(List.of("-servername", sni));
        }
        cmd.addAll(List.of(options));
        return opensslWithInput("", cmd.toArray(new String[0]));
    }

    /** A client SSLContext trusting {@code ca}. */
    public SSLContext trusting(String ca) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve(ca + ".crt"))) {
            store.setCertificateEntry(ca, CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
