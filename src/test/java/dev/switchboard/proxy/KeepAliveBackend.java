package dev.switchboard.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 backend that keeps connections alive (unless the request says {@code Connection: close} or is
 * HTTP/1.0), counting the TCP connections it accepted and those still open. A request for a URI containing
 * {@code delay=N} is answered after N ms. In "one request per connection" mode it answers the first request of each
 * connection and closes the connection without answering when a second one arrives (a backend that dropped an idle
 * connection just as it was reused).
 */
final class KeepAliveBackend implements AutoCloseable {

    private final ServerSocket server;
    private final boolean onePerConnection;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    KeepAliveBackend(boolean onePerConnection) {
        this.onePerConnection = onePerConnection;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::serve, "keepalive-backend-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    int open() {
        return open.size();
    }

    int requests() {
        return requests.get();
    }

    /** Closes every open connection from the backend's side. */
    void closeConnections() {
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                open.add(s);
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
            OutputStream out = s.getOutputStream();
            for (int n = 0; ; n++) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                if (onePerConnection && n > 0) {
                    return;
                }
                requests.incrementAndGet();
                String lower = head.toLowerCase(Locale.ROOT);
                int delay = lower.indexOf("delay=");
                if (delay >= 0) {
                    int end = delay + 6;
                    while (Character.isDigit(lower.charAt(end))) {
                        end++;
                    }
                    Thread.sleep(Long.parseLong(lower.substring(delay + 6, end)));
                }
                boolean close = lower.contains("\r\nconnection: close") || lower.startsWith("get / http/1.0")
                        || lower.substring(0, lower.indexOf("\r\n")).endsWith("http/1.0");
                String body = "request " + n + " on connection\n";
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                        + (close ? "\r\nConnection: close" : "") + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (close) {
                    return;
                }
            }
        } catch (IOException | InterruptedException ignored) {
            // the proxy closed first
        } finally {
            open.remove(s);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        closeConnections();
    }
}
