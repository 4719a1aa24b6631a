package dev.switchboard.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's nginx as a foreground child process with its own prefix, for differential tests: one process, no master
 * ({@code daemon off; master_process off; worker_processes 1}), so its balancing state is that of one worker. The
 * configuration's {@code PORT} is replaced by a free port, as {@link TestProxy} does for Switchboard.
 */
public final class NginxProcess implements AutoCloseable {

    public static final Path NGINX = Path.of("/usr/sbin/nginx");

    private final Path prefix;
    private final int port;
    private Process process;

    private NginxProcess(Path prefix, int port, Process process) {
        this.prefix = prefix;
        this.port = port;
        this.process = process;
    }

    /** Fails when nginx is missing and CI=true; otherwise skips the calling test. */
    public static void require() {
        if (!Files.isExecutable(NGINX)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(NGINX + " is not installed, and CI=true: the nginx differential test must run in CI "
                        + "(apt-get install -y nginx)");
            }
            Assumptions.assumeTrue(false, NGINX + " is not installed; skipping the nginx differential test");
        }
    }

    /**
     * Adds what nginx needs to run unprivileged in {@code prefix} to the http block (no access log, temp paths in
     * the prefix). Switchboard accepts and ignores these, so it can run the same text.
     */
    public static String withPrefixPaths(String config, Path prefix) {
        return addToHttp(config, "  access_log off;\n"
                + "  client_body_temp_path " + prefix.resolve("client_body_temp") + ";\n"
                + "  proxy_temp_path " + prefix.resolve("proxy_temp") + ";\n"
                + "  fastcgi_temp_path " + prefix.resolve("fastcgi_temp") + ";\n"
                + "  uwsgi_temp_path " + prefix.resolve("uwsgi_temp") + ";\n"
                + "  scgi_temp_path " + prefix.resolve("scgi_temp") + ";\n");
    }

    public static String addToHttp(String config, String directives) {
        assertThat(config).contains("http {\n");
        return config.replaceFirst("http \\{\n", Matcher.quoteReplacement("http {\n" + directives));
    }

    /**
     * Starts nginx on {@code config} (with {@code PORT} replaced by a free port) in {@code prefix}, and waits until
     * it accepts connections on that port (which the config must listen on as {@code listen 127.0.0.1:PORT;}).
     */
    public static NginxProcess start(Path prefix, String config) throws Exception {
        int port = TestProxy.freePort();
        String text = config.replace("PORT", Integer.toString(port));
        Files.createDirectories(prefix);
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, text);
        Path errorLog = prefix.resolve("error.log");
        Process process = new ProcessBuilder(NGINX.toString(), "-p", prefix + "/", "-c", conf.toString(),
                "-e", errorLog.toString(),
                "-g", "daemon off; master_process off; worker_processes 1; pid " + prefix.resolve("nginx.pid")
                        + "; error_log " + errorLog + ";")
                .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        NginxProcess nginx = new NginxProcess(prefix, port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("nginx exited with " + process.exitValue() + ":\n" + nginx.logs());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return nginx;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        nginx.close();
        return fail("nginx did not listen on " + port + " within 15 s:\n" + nginx.logs());
    }

    public int port() {
        return port;
    }

    public Path prefix() {
        return prefix;
    }

    /** stdout and error.log of the process. */
    public String logs() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("stdout.log", "error.log")) {
            try {
                out.append(name).append(":\n").append(Files.readString(prefix.resolve(name))).append('\n');
            } catch (IOException e) {
                out.append(name).append(": ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }
}
