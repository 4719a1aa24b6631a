package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.server.Runtime;
import dev.switchboard.server.Switchboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Runs the proxy in the foreground and maps nginx's signals onto what the JVM lets an application handle:
 * SIGHUP reloads the configuration, SIGTERM quits gracefully (drain), SIGINT stops fast (close frames at once),
 * SIGUSR1 reopens log files. nginx's SIGQUIT (graceful quit) stays with the JVM, which uses it for thread dumps.
 */
final class Foreground {

    private static final Logger log = LoggerFactory.getLogger(Foreground.class);

    private final Switchboard server;
    private final Supplier<Runtime> reloader;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;

    private Foreground(Switchboard server, Supplier<Runtime> reloader) {
        this.server = server;
        this.reloader = reloader;
    }

    /** Starts the proxy and blocks until a signal stops it; returns the exit status. */
    static int run(Runtime runtime, Path prefix, Supplier<Runtime> reloader) throws InterruptedException {
        runtime.warnings().forEach(w -> System.err.println("switchboard: [warn] " + w));
        dev.switchboard.observe.ErrorLog.apply(runtime.errorLog());
        Switchboard server;
        try {
            server = Switchboard.start(runtime, prefix);
        } catch (RuntimeException e) {
            System.err.println("switchboard: [emerg] " + e.getMessage());
            return 1;
        }
        Foreground fg = new Foreground(server, reloader);
        fg.install();
        fg.stopped.await();
        return 0;
    }

    private void install() {
        handle("HUP", this::reload);
        handle("TERM", () -> stop(server.runtime().drainTimeoutMillis(), "graceful shutdown"));
        handle("INT", () -> stop(0, "fast shutdown"));
        handle("USR1", () -> {
            log.info("signal USR1 received, reopening logs");
            dev.switchboard.observe.AccessLogWriter.reopenAll();
            dev.switchboard.observe.ErrorLog.reopen();
        });
    }

    private static void handle(String name, Runnable action) {
        try {
            Signal.handle(new Signal(name), s -> new Thread(action, "switchboard-signal-" + name).start());
        } catch (IllegalArgumentException e) {
            log.warn("signal {} cannot be handled on this platform: {}", name, e.getMessage());
        }
    }

    private void reload() {
        if (stopping) {
            return;
        }
        log.info("signal HUP received, reconfiguring");
        try {
            Runtime next = reloader.get();
            next.warnings().forEach(w -> log.warn(w));
            server.reload(next);
        } catch (ConfigException e) {
            log.error("{}; the configuration is not changed, the old one keeps running", e.getMessage());
        } catch (RuntimeException e) {
            log.error("reload failed: {}; the old configuration keeps running", e.getMessage());
        }
    }

    private synchronized void stop(long drainMillis, String what) {
        if (stopping) {
            return;
        }
        stopping = true;
        log.info("{}: closing {} WebSocket connection(s) over {} ms", what, server.openTunnels(), drainMillis);
        server.drainAndClose(drainMillis);
        log.info("exiting");
        stopped.countDown();
    }
}
