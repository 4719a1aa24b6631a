package dev.switchboard.server;

import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestBackend;
import dev.switchboard.testing.TestProxy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The open-file cap: with the process's descriptor table full (the test fills it with {@code /dev/null} handles,
 * the proxy runs in the same process), a new client is refused at once (closed on the proxy's spare descriptor),
 * counted, and accepting resumes when descriptors free up, without a busy loop; a request whose backend socket
 * cannot be created gets nginx's 500 at once instead of hanging.
 */
class FileDescriptorCapTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    @TempDir
    Path prefix;

    @BeforeEach
    void smallEnoughCap() {
        long max = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        assumeTrue(max <= 200_000, "the descriptor table is too large to fill in a test: " + max);
    }

    @Test
    void outOfDescriptorsANewConnectionIsRefusedAtOnceAndAcceptingResumes() throws Exception {
        try (TestProxy proxy = new TestProxy("""
                worker_processes 1;
                http { server { listen 127.0.0.1:PORT;
                    location / { return 200 ok; }
                    location /metrics { metrics; } } }
                """, prefix)) {
            assertThat(RawHttp.exchange(null, proxy.port(), GET)).endsWith("ok");
            long took;
            boolean answered;
            try (Descriptors fds = Descriptors.fill()) {
                fds.free(1);
                // the client's socket takes the free descriptor: the proxy's accept() fails with EMFILE
                try (Socket client = new Socket()) {
                    client.setSoTimeout(5_000);
                    client.connect(new InetSocketAddress("127.0.0.1", proxy.port()), 5_000);
                    client.getOutputStream().write(GET.getBytes(StandardCharsets.ISO_8859_1));
                    long t0 = System.nanoTime();
                    answered = answered(client.getInputStream());
                    took = (System.nanoTime() - t0) / 1_000_000;
                }
            }
            assertThat(answered).as("refused: closed or reset without an answer").isFalse();
            assertThat(took).as("refused at once, not left waiting in the backlog (ms)").isLessThan(2_000);
            assertThat(RawHttp.exchange(null, proxy.port(), GET)).as("accepting resumed").endsWith("ok");
            String metrics = RawHttp.exchange(null, proxy.port(),
                    "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            // a retry every 100 ms at most: a handful of failures, not the thousands of a busy loop
            assertThat(metric(metrics, "switchboard_accept_failures_total")).isBetween(1L, 40L);
            assertThat(metric(metrics, "switchboard_connections_accepted_total")
                    - metric(metrics, "switchboard_connections_handled_total")).as("counted as refused").isEqualTo(1);
        }
    }

    /** Whether the server sent anything before closing (false for a close or a reset without a byte). */
    private static boolean answered(InputStream in) throws IOException {
        try {
            return in.read() >= 0;
        } catch (SocketException reset) {
            return false;
        }
    }

    @Test
    void aBackendSocketThatCannotBeCreatedIsA500AndTheNextRequestWorks() throws Exception {
        try (TestBackend backend = new TestBackend("b");
             TestProxy proxy = new TestProxy("""
                     worker_processes 1;
                     http { server { listen 127.0.0.1:PORT;
                         location / { proxy_pass http://127.0.0.1:BACKEND; }
                         location /500 { return 500; } } }
                     """.replace("BACKEND", Integer.toString(backend.port())), prefix)) {
            assertThat(RawHttp.exchange(null, proxy.port(), GET)).startsWith("HTTP/1.1 200");
            // in tests the proxy's classes load from target/classes, a file each: load the 500 page's first
            assertThat(RawHttp.exchange(null, proxy.port(), GET.replace("GET /", "GET /500")))
                    .startsWith("HTTP/1.1 500");
            String answer;
            try (Descriptors fds = Descriptors.fill()) {
                // one for the client's socket, one for the proxy's accepted connection, none for the backend's
                fds.free(2);
                answer = RawHttp.exchange(null, proxy.port(), GET);
            }
            assertThat(answer).startsWith("HTTP/1.1 500");
            assertThat(RawHttp.exchange(null, proxy.port(), GET)).startsWith("HTTP/1.1 200");
        }
    }

    private static long metric(String response, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.eE+]+)$").matcher(response);
        assertThat(m.find()).as(name + " in\n" + response).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    /** Handles on /dev/null that fill the process's descriptor table, freed a few at a time or all on close. */
    private static final class Descriptors implements AutoCloseable {
        private final List<FileChannel> open = new ArrayList<>();

        static Descriptors fill() {
            Descriptors d = new Descriptors();
            try {
                while (true) {
                    d.open.add(FileChannel.open(Path.of("/dev/null")));
                }
            } catch (IOException full) {
                return d;
            }
        }

        void free(int n) throws IOException {
            for (int i = 0; i < n; i++) {
                open.remove(open.size() - 1).close();
            }
        }

        @Override
        public void close() throws IOException {
            free(open.size());
        }
    }
}
