package dev.switchboard.interop;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.fail;

/**
 * A Node program from src/test/node run as a child process: its output lines are collected as they come, so a test
 * can wait for one ("ready", a close event) with a deadline, act, and wait for the next. Killed on close.
 */
final class NodeScript implements AutoCloseable {

    static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();
    private static final String EOF = "\u0000EOF";

    private final String name;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new CopyOnWriteArrayList<>();

    private NodeScript(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    all.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
            lines.add(EOF);
        }, name + " output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code node script args...} in src/test/node (stderr merged into the lines). */
    static NodeScript start(Path node, String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(node.toString(), script));
        cmd.addAll(List.of(args));
        return new NodeScript(script, new ProcessBuilder(cmd).directory(NODE_DIR.toFile())
                .redirectErrorStream(true).start());
    }

    /** The next line matching {@code wanted} within the timeout (lines before it are skipped, not lost: see output). */
    String await(Predicate<String> wanted, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                fail(name + ": no matching line within " + timeout + " " + unit + "; output so far:\n" + output());
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                fail(name + " exited (" + exitText() + ") before a matching line; output:\n" + output());
            }
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    String awaitContaining(String fragment, long seconds) throws InterruptedException {
        return await(l -> l.contains(fragment), seconds, TimeUnit.SECONDS);
    }

    /** Writes one line to the program's standard input. */
    void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits for the program to exit; returns its status. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(name + " did not exit within " + seconds + " s; output:\n" + output());
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the program dies without closing anything itself; the kernel ends its connections. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String output() {
        return String.join("\n", all);
    }

    private String exitText() {
        return process.isAlive() ? "still alive" : "status " + process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** node on PATH with the given packages installed in src/test/node; else fail under CI=true, skip otherwise. */
    static Path requireNode(String... packages) {
        Path node = onPath("node");
        String missing = node == null ? "node is not on PATH" : null;
        for (String p : packages) {
            if (missing == null && !Files.isDirectory(NODE_DIR.resolve("node_modules").resolve(p))) {
                missing = NODE_DIR.resolve("node_modules").resolve(p) + " is missing (run npm ci in src/test/node)";
            }
        }
        require(missing);
        return node;
    }

    /** Fails when CI=true (the peer must be installed there by .ci/run), skips the test otherwise. */
    static void require(String missing) {
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail(missing + ", and CI=true: this interop test must run in CI (.ci/run installs it)");
            }
            Assumptions.assumeTrue(false, missing + "; skipping");
        }
    }

    static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
