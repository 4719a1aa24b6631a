package dev.switchboard.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback backend with one fixed behaviour, counting the connections it accepted: it reads a request head,
 * then answers with a canned response, closes without answering, or stays silent until closed.
 */
final class ScriptedPeer implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final String response;
    private final boolean silent;

    private ScriptedPeer(String response, boolean silent) {
        this.response = response;
        this.silent = silent;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::serve, "scripted-peer-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** Answers every request with {@code status} and the body {@code body}, then closes. */
    static ScriptedPeer answering(int status, String body) {
        return new ScriptedPeer("HTTP/1.1 " + status + " Whatever\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body, false);
    }

    /** Closes each connection right after reading the request head: "upstream prematurely closed connection". */
    static ScriptedPeer closing() {
        return new ScriptedPeer(null, false);
    }

    /** Reads the request and never answers. */
    static ScriptedPeer silent() {
        return new ScriptedPeer(null, true);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                Thread t = new Thread(() -> handle(s));
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int c = in.read();
                if (c < 0) {
                    return;
                }
                head.append((char) c);
            }
            if (silent) {
                while (in.read() >= 0) {
                    // until the proxy gives up
                }
            } else if (response != null) {
                s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            }
        } catch (IOException ignored) {
            // the proxy closed first
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
