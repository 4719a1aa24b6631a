package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Parser;
import dev.switchboard.config.RawText;
import dev.switchboard.demo.Demo;
import dev.switchboard.server.ConfigLoader;
import dev.switchboard.server.Runtime;
import dev.switchboard.server.Switchboard;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code switchboard} command line, with nginx's habits: {@code -c} config file, {@code -t} test,
 * {@code -T} test and dump, {@code -p} prefix, {@code -g} global directives; runs in the foreground until
 * interrupted. Exit status 0 on success, 1 on a configuration or start-up error.
 */
@Command(name = "switchboard", mixinStandardHelpOptions = false, sortOptions = false,
        description = "WebSocket-aware reverse proxy that reads nginx configuration.",
        subcommands = Main.DemoCommand.class)
public final class Main implements Callable<Integer> {

    static final String VERSION = "switchboard/0.1.0";

    @Option(names = "-c", paramLabel = "FILE", description = "configuration file (default: conf/switchboard.conf)")
    Path config;

    @Option(names = "-p", paramLabel = "PREFIX", description = "prefix path (default: current directory)")
    Path prefix;

    @Option(names = "-g", paramLabel = "DIRECTIVES", description = "set global directives out of the config file")
    String globals;

    @Option(names = "-t", description = "test configuration and exit")
    boolean test;

    @Option(names = "-T", description = "test configuration, dump it and exit")
    boolean testAndDump;

    @Option(names = "-q", description = "suppress non-error messages during configuration testing")
    boolean quiet;

    @Option(names = "-s", paramLabel = "SIGNAL", description = "send a signal to the running proxy: stop, quit, "
            + "reopen, reload")
    String signal;

    @Option(names = {"-v", "-V"}, description = "show version and exit")
    boolean version;

    @Option(names = {"-h", "-?"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (for tests). */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (version) {
            System.err.println("switchboard version: " + VERSION);
            return 0;
        }
        Path base = prefix == null ? Path.of("").toAbsolutePath() : prefix.toAbsolutePath();
        Path file = config == null ? base.resolve("conf/switchboard.conf") : config;
        if (test || testAndDump) {
            return test(file, base);
        }
        if (signal != null) {
            return signal(file, base);
        }
        Runtime runtime;
        try {
            runtime = ConfigLoader.load(file, base, globals);
        } catch (ConfigException e) {
            System.err.println("switchboard: [emerg] " + e.getMessage());
            return 1;
        }
        return serve(runtime, base, () -> ConfigLoader.load(file, base, globals));
    }

    private int signal(Path file, Path base) {
        String pid;
        try {
            pid = ConfigLoader.load(file, base, globals).pidFile();
        } catch (ConfigException e) {
            System.err.println("switchboard: [emerg] " + e.getMessage());
            return 1;
        }
        String error = SignalSender.send(signal, base.resolve(RawText.toUnicode(pid)));
        if (error != null) {
            System.err.println("switchboard: [error] " + error);
            return 1;
        }
        return 0;
    }

    private int test(Path file, Path base) throws Exception {
        try {
            java.util.Map<Path, String> files = new java.util.LinkedHashMap<>();
            Runtime runtime = ConfigLoader.load(file, base, globals, files);
            runtime.warnings().forEach(w -> System.err.println("switchboard: [warn] " + w));
            if (!quiet) {
                System.err.println("switchboard: the configuration file " + file + " syntax is ok");
                System.err.println("switchboard: configuration file " + file + " test is successful");
            }
            if (testAndDump) {
                files.forEach((path, text) -> {
                    System.out.println("# configuration file " + path + ":");
                    String shown = RawText.toUnicode(text);
                    System.out.print(shown.endsWith("\n") || shown.isEmpty() ? shown : shown + "\n");
                    System.out.println();
                });
            }
            return 0;
        } catch (ConfigException e) {
            System.err.println("switchboard: [emerg] " + e.getMessage());
            System.err.println("switchboard: configuration file " + file + " test failed");
            return 1;
        }
    }

    static int serve(Runtime runtime, Path base, java.util.function.Supplier<Runtime> reloader)
            throws InterruptedException {
        return Foreground.run(runtime, base, reloader);
    }

    /** {@code switchboard demo}: the proxy on a port in front of two built-in WebSocket backends. */
    @Command(name = "demo", description = "run the built-in demo (two WebSocket backends behind the proxy)")
    static final class DemoCommand implements Callable<Integer> {

        @Option(names = "--port", defaultValue = "8080", description = "port for the proxy (default: 8080)")
        int port;

        @Option(names = "--tls-port", defaultValue = "8443", description = "port for https/wss with a self-signed "
                + "certificate made on the first start (default: 8443; 0: none)")
        int tlsPort;

        @Option(names = "-p", paramLabel = "PREFIX", description = "where the demo writes its files "
                + "(default: ./demo-prefix)")
        Path prefix;

        @Override
        public Integer call() throws Exception {
            Path base = (prefix == null ? Path.of("demo-prefix") : prefix).toAbsolutePath();
            Demo demo = new Demo(base, port, tlsPort);
            Runtime runtime;
            try {
                runtime = ConfigLoader.compile(Parser.parseFile(demo.config()), base);
            } catch (ConfigException e) {
                System.err.println("switchboard: [emerg] " + e.getMessage());
                demo.close();
                return 1;
            }
            System.err.println("switchboard demo: open http://localhost:" + port + "/ (WebSocket at ws://localhost:"
                    + port + "/ws); configuration in " + demo.config());
            if (demo.certificate() != null) {
                System.err.println("switchboard demo: also https://localhost:" + tlsPort + "/ (wss://localhost:"
                        + tlsPort + "/ws) with a self-signed certificate " + (demo.certificate().created()
                        ? "made now" : "made on an earlier start") + ": " + demo.certificate().certificate()
                        + " (trust it in your browser or client, or accept the warning)");
            }
            return serve(runtime, base, () -> ConfigLoader.compile(Parser.parseFile(demo.config()), base));
        }
    }
}
