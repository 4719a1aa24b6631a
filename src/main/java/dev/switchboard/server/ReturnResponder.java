package dev.switchboard.server;

import dev.switchboard.http.Exchange;
import dev.switchboard.http.RewriteStep;
import dev.switchboard.http.StatusPages;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * Answers nginx's {@code return}: 444 closes the connection, a code alone gives the status page (or an empty
 * response below 300), a redirect code takes its text as the Location (made absolute with the scheme and Host),
 * any other code sends the text as the body with {@code default_type}.
 */
final class ReturnResponder {

    private ReturnResponder() {
    }

    static void respond(Exchange ex, RewriteStep.Return ret) {
        int status = ret.status();
        if (status == 444) {
            ex.client().close();
            return;
        }
        if (ret.text() == null) {
            if (status >= 400 || (status >= 300 && status != 304)) {
                ex.respondStatus(status);
            } else {
                ex.respond(status, null, null, null);
            }
            return;
        }
        String text = ret.text().evaluate(ex.request());
        if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
            ex.respond(status, "text/html", Unpooled.wrappedBuffer(StatusPages.page(status, true)),
                    text.startsWith("/") ? ex.absoluteUrl(text) : text);
            return;
        }
        ex.respond(status, ex.location().defaultType(), Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1),
                null);
    }
}
