package dev.switchboard.proxy;

import dev.switchboard.http.BodySink;
import dev.switchboard.http.Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.HttpContent;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Collects a chunked request body for an HTTP/1.0 backend, which cannot take chunked framing, so that it can be
 * sent with a {@code Content-Length} as nginx does by buffering such bodies. Bounded by
 * {@link #MAX_BUFFERED_BODY} and {@code client_max_body_size}; past that, {@code tooLarge} runs (413).
 */
final class BufferedRequestBody implements BodySink {

    /** The most a chunked request body is buffered for an HTTP/1.0 backend. */
    static final long MAX_BUFFERED_BODY = 8L << 20;

    private final Exchange exchange;
    private final BooleanSupplier abandoned;
    private final Runnable tooLarge;
    private final Consumer<ByteBuf> complete;
    private final CompositeByteBuf body;

    /**
     * @param abandoned tells whether the call has ended meanwhile (the body is then dropped)
     * @param complete  receives the whole body, and owns it from then on
     */
    BufferedRequestBody(Exchange exchange, BooleanSupplier abandoned, Runnable tooLarge, Consumer<ByteBuf> complete) {
        this.exchange = exchange;
        this.abandoned = abandoned;
        this.tooLarge = tooLarge;
        this.complete = complete;
        this.body = exchange.client().alloc().compositeBuffer(1024);
    }

    @Override
    public void onBody(HttpContent content, boolean last) {
        if (abandoned.getAsBoolean()) {
            content.release();
            body.release();
            return;
        }
        body.addComponent(true, content.content());
        long limit = exchange.location().clientMaxBodySize();
        if (body.readableBytes() > (limit > 0 ? Math.min(limit, MAX_BUFFERED_BODY) : MAX_BUFFERED_BODY)) {
            body.release();
            tooLarge.run();
            return;
        }
        if (last) {
            complete.accept(body);
        } else {
            exchange.readMoreBody();
        }
    }
}
