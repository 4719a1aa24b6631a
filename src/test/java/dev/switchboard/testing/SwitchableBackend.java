package dev.switchboard.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain HTTP/1.1 backend (no WebSocket) whose status can be switched while it runs: every request gets that
 * status, {@code X-Backend: name} and the body {@code name status}. Counts the requests it served.
 */
public final class SwitchableBackend implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger requests = new AtomicInteger();

    public SwitchableBackend(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            int code = status.get();
            byte[] body = (name + " " + code).getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("X-Backend", name);
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String name() {
        return name;
    }

    /** Answers every request from now on with {@code code}. */
    public void status(int code) {
        status.set(code);
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
