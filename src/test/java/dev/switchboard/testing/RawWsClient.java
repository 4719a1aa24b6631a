package dev.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A WebSocket client on a plain socket: handshake, then raw frames in, parsed frames out. */
public final class RawWsClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final String responseHead;

    public RawWsClient(int port, String path, String extraHeaders) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        in = socket.getInputStream();
        responseHead = RawWsBackend.readHead(in);
    }

    public RawWsClient(int port) throws IOException {
        this(port, "/", "");
    }

    public String responseHead() {
        return responseHead;
    }

    public void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    public RawFrame next() throws IOException {
        return RawFrame.read(in);
    }

    /** True when the proxy has closed the connection (EOF) within the socket timeout. */
    public boolean closedByPeer() throws IOException {
        return in.read() < 0;
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
