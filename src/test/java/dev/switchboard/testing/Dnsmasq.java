package dev.switchboard.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS server for tests: Debian's dnsmasq ({@code apt-get install dnsmasq-base}) run as a child process on a
 * free loopback UDP port, answering only from a hosts file the test rewrites ({@link #hosts}), with a TTL of 1s and
 * NXDOMAIN for unknown names under {@code .test}. Missing dnsmasq skips the test, except under {@code CI=true},
 * where it fails it.
 */
public final class Dnsmasq implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/dnsmasq");

    private final Process process;
    private final Path hostsFile;
    private final int port;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private Dnsmasq(Path dir, String hosts) throws IOException, InterruptedException {
        this.hostsFile = dir.resolve("dns-hosts");
        Files.writeString(hostsFile, hosts);
        this.port = freeUdpAndTcpPort();
        this.process = new ProcessBuilder(BINARY.toString(), "--no-daemon", "--port=" + port,
                "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--addn-hosts=" + hostsFile, "--local=/test/", "--local-ttl=1", "--log-facility=-",
                "--pid-file", "--user=" + System.getProperty("user.name"))
                .redirectErrorStream(true).start();
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.add(line);
                    if (line.contains("started")) {
                        started.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            } finally {
                started.countDown();
            }
        }, "dnsmasq-log");
        reader.setDaemon(true);
        reader.start();
        if (!started.await(10, TimeUnit.SECONDS) || !process.isAlive()) {
            process.destroyForcibly();
            throw new IllegalStateException("dnsmasq did not start: " + log);
        }
    }

    /** A loopback port free for both UDP and TCP: dnsmasq listens on both. */
    private static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                 java.net.ServerSocket tcp = new java.net.ServerSocket(udp.getLocalPort(), 1,
                         InetAddress.getLoopbackAddress())) {
                return tcp.getLocalPort();
            } catch (java.net.BindException taken) {
                // the TCP side of this port is in use; draw another
            }
        }
        throw new IOException("no loopback port free for both UDP and TCP");
    }

    /** Starts dnsmasq serving {@code hosts} (hosts-file lines), or skips (fails under CI) when it is missing. */
    public static Dnsmasq start(Path dir, String hosts) {
        if (!Files.isExecutable(BINARY)) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("dnsmasq is required under CI: apt-get install -y dnsmasq-base");
            }
            Assumptions.abort("dnsmasq is not installed (apt-get install -y dnsmasq-base)");
        }
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return new Dnsmasq(dir, hosts);
                } catch (IllegalStateException e) {
                    // another process took the port between the probe and dnsmasq's bind
                    if (attempt == 3 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Replaces the answers: rewrites the hosts file and sends SIGHUP, on which dnsmasq rereads it. */
    public void hosts(String hosts) {
        try {
            Files.writeString(hostsFile, hosts);
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -HUP " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What dnsmasq logged so far, for assertion messages. */
    public List<String> log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
