package dev.switchboard.testing;

import dev.switchboard.config.Parser;
import dev.switchboard.server.ConfigLoader;
import dev.switchboard.server.Switchboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** The proxy started in-process from configuration text, on a free loopback port substituted for {@code PORT}. */
public final class TestProxy implements AutoCloseable {

    private final Switchboard server;
    private final int port;

    public TestProxy(String config, Path prefix) {
        this.port = freePort();
        String text = config.replace("PORT", Integer.toString(port));
        this.server = Switchboard.start(ConfigLoader.compile(Parser.parseString(text, "test.conf", prefix), prefix),
                prefix);
    }

    public int port() {
        return port;
    }

    /** The running proxy, for its runtime state (upstream peers, health). */
    public Switchboard switchboard() {
        return server;
    }

    public String http(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String ws(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        server.close();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
