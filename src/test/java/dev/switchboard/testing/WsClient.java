package dev.switchboard.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK WebSocket client that collects whole messages and the close it receives. */
public final class WsClient implements WebSocket.Listener {

    /** A received message: text, or binary bytes. */
    public record Message(String text, byte[] binary) {
    }

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<int[]> closed = new CompletableFuture<>();
    private final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private StringBuilder text = new StringBuilder();
    private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    private WebSocket socket;

    public static WsClient connect(String url, String... subprotocols) {
        return connect(HttpClient.newHttpClient(), url, subprotocols);
    }

    /** Connects with a given client (for wss:// with a test trust store). */
    public static WsClient connect(HttpClient http, String url, String... subprotocols) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5));
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        client.socket = builder.buildAsync(URI.create(url), client).orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    public WebSocket socket() {
        return socket;
    }

    public Message next() throws InterruptedException {
        Message m = messages.poll(20, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 20 s");
        }
        return m;
    }

    /** The close status code received (blocks up to 20 s). */
    public int closeCode() {
        return closed.orTimeout(20, TimeUnit.SECONDS).join()[0];
    }

    public String closeReason() {
        return closeReason.orTimeout(20, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(new Message(text.toString(), null));
            text = new StringBuilder();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        binary.writeBytes(chunk);
        if (last) {
            messages.add(new Message(null, binary.toByteArray()));
            binary = new java.io.ByteArrayOutputStream();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        byte[] b = new byte[message.remaining()];
        message.get(b);
        messages.add(new Message("PONG:" + new String(b, java.nio.charset.StandardCharsets.UTF_8), null));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason.complete(reason);
        closed.complete(new int[]{statusCode});
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
        closeReason.completeExceptionally(error);
    }
}
