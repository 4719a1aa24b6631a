package dev.switchboard.observe;

import dev.switchboard.config.RawText;
import dev.switchboard.http.ContentHandler;
import dev.switchboard.http.Exchange;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * The content handler of a location with {@code metrics;}, {@code stub_status;} or {@code status_page;}. Like nginx's
 * stub_status it answers GET and HEAD only (405 otherwise) and is never cached.
 */
public final class ObserveContent implements ContentHandler {

    private final String kind;

    public ObserveContent(String kind) {
        this.kind = kind;
    }

    @Override
    public void handle(Exchange exchange) {
        String method = exchange.request().method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.respondStatus(405);
            return;
        }
        Observatory o = Observatory.of(exchange.client());
        if (o == null) {
            exchange.respondStatus(503);
            return;
        }
        switch (kind) {
            case "metrics" -> exchange.respond(200, Metrics.contentType(),
                    Unpooled.wrappedBuffer(o.metrics().scrape()), null);
            case "stub_status" -> exchange.respond(200, "text/plain",
                    text(StubStatus.render(o.stats().totals(), o.view().connections())), null);
            default -> {
                String args = exchange.request().args();
                boolean json = exchange.request().uri().endsWith(".json")
                        || args != null && (args.equals("format=json") || args.contains("format=json&")
                        || args.endsWith("&format=json"));
                if (json) {
                    exchange.respond(200, "application/json", text(StatusJson.render(o)), null);
                } else {
                    exchange.respond(200, "text/html; charset=utf-8", Unpooled.wrappedBuffer(StatusPage.html()),
                            null);
                }
            }
        }
    }

    /** UTF-8 output; names from the configuration in it are its bytes ({@link RawText}), so they are decoded first. */
    private static io.netty.buffer.ByteBuf text(String s) {
        return Unpooled.wrappedBuffer(RawText.toUnicode(s).getBytes(StandardCharsets.UTF_8));
    }
}
