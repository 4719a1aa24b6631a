package dev.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket backend on a plain socket that accepts one connection, answers the handshake, and records every frame
 * it receives exactly (so tests see what the proxy sent: close codes, pings, whether pongs leaked). It can send raw
 * bytes and can die abruptly (RST).
 */
public final class RawWsBackend implements AutoCloseable {

    private final ServerSocket server;
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private volatile Socket socket;
    private final String extraResponseHeaders;

    public RawWsBackend(String extraResponseHeaders) throws IOException {
        this.extraResponseHeaders = extraResponseHeaders;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "raw-ws-backend");
        t.setDaemon(true);
        t.start();
    }

    public RawWsBackend() throws IOException {
        this("");
    }

    public int port() {
        return server.getLocalPort();
    }

    private void serve() {
        try {
            Socket s = server.accept();
            socket = s;
            InputStream in = s.getInputStream();
            String head = readHead(in);
            String key = head.lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
            s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n" + extraResponseHeaders
                    + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            while (true) {
                received.add(RawFrame.read(in));
            }
        } catch (Exception e) {
            received.add("EOF");
        }
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed during handshake");
            }
            head.append((char) c);
        }
        return head.toString();
    }

    /** The next frame received, or null when the connection ended first. */
    public RawFrame nextFrame() throws InterruptedException {
        Object o = received.poll(10, TimeUnit.SECONDS);
        if (o == null) {
            throw new AssertionError("backend received nothing within 10 s");
        }
        return o instanceof RawFrame f ? f : null;
    }

    /** The next frame that is not a ping (the proxy's keepalive pings are skipped), or null at the end. */
    public RawFrame nextNonPing() throws InterruptedException {
        RawFrame f = nextFrame();
        while (f != null && f.opcode() == 9) {
            f = nextFrame();
        }
        return f;
    }

    /** Whether nothing arrives within the given time. */
    public boolean quietFor(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS) == null;
    }

    public void send(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Dies abruptly: the connection is reset, no close frame, no FIN. */
    public void kill() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (socket != null) {
            socket.close();
        }
    }
}
