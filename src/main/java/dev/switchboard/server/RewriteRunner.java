package dev.switchboard.server;

import dev.switchboard.http.Exchange;
import dev.switchboard.http.RewriteStep;

import java.util.List;

/**
 * Runs a level's rewrite steps the way nginx's rewrite module does: in order; a true {@code if} switches the
 * effective configuration to its block and runs the block's steps inline, then the outer steps continue;
 * {@code return} answers and stops; {@code break} stops the steps.
 */
final class RewriteRunner {

    /** What the steps decided: a response was sent, or the steps stopped ({@code break}), and the level now in effect. */
    record Outcome(boolean responded, boolean stopped, LocationConf effective) {
    }

    private RewriteRunner() {
    }

    static Outcome run(List<RewriteStep> steps, LocationConf current, VirtualServer server, Exchange exchange,
                       Responder responder) {
        LocationConf effective = current;
        for (RewriteStep step : steps) {
            if (step instanceof RewriteStep.Set set) {
                exchange.request().variables().set(set.slot(), set.value().evaluate(exchange.request()));
            } else if (step instanceof RewriteStep.Return ret) {
                exchange.location(effective.http());
                responder.respondReturn(exchange, ret);
                return new Outcome(true, true, effective);
            } else if (step instanceof RewriteStep.Break) {
                return new Outcome(false, true, effective);
            } else if (step instanceof RewriteStep.If branch && branch.condition().test(exchange.request())) {
                LocationConf inner = server.level(branch.block());
                Outcome nested = run(inner.http().rewrite(), inner, server, exchange, responder);
                if (nested.stopped()) {
                    return nested;
                }
                effective = nested.effective();
            }
        }
        return new Outcome(false, false, effective);
    }

    /** Answers a {@code return}. */
    interface Responder {
        void respondReturn(Exchange exchange, RewriteStep.Return ret);
    }
}
