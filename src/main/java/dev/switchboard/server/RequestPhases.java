package dev.switchboard.server;

import dev.switchboard.access.AccessPhase;
import dev.switchboard.http.Exchange;
import dev.switchboard.http.StatusPages;
import dev.switchboard.limit.Limits;
import dev.switchboard.observe.Observatory;
import dev.switchboard.routing.LocationMatch;
import dev.switchboard.websocket.OriginPolicy;
import dev.switchboard.websocket.WebSocketSettings;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * nginx's request phases after the server is chosen, for one client connection: server rewrite, location match
 * (with nginx's auto-redirect), location rewrite, the body-size check, preaccess ({@code limit_req},
 * {@code limit_conn}, possibly delaying the request), access ({@code allow}/{@code deny}, {@code auth_basic}, the
 * WebSocket origin allowlist), then the content handler. Holds the current request's {@code limit_conn} slots.
 */
final class RequestPhases {

    private static final Logger log = LoggerFactory.getLogger(RequestPhases.class);

    private final ClientConnection connection;
    private final Observatory observatory;
    /** Gives back the current request's limit_conn slots; null until limits were checked for it. */
    private Runnable limitRelease;

    RequestPhases(ClientConnection connection, Observatory observatory) {
        this.connection = connection;
        this.observatory = observatory;
    }

    /** Hands the current request's limit_conn slots to the caller (a tunnel keeps them until it closes). */
    Runnable takeLimitRelease() {
        Runnable release = limitRelease;
        limitRelease = null;
        return release;
    }

    /** Runs the server rewrite phase (when asked), location matching, the location rewrite phase and content. */
    void process(Exchange ex, VirtualServer server, boolean serverRewrite) {
        LocationConf level = server.serverLevel();
        if (serverRewrite) {
            RewriteRunner.Outcome outcome = RewriteRunner.run(level.http().rewrite(), level, server, ex,
                    ReturnResponder::respond);
            if (outcome.responded()) {
                return;
            }
            level = outcome.effective();
        }
        LocationMatch<LocationConf> match = server.locations().match(ex.request().uri());
        if (match != null) {
            if (match.groups() != null) {
                ex.request().variables().captures(match.groups());
            }
            if (match.exactWithoutSlash()) {
                // nginx's auto-redirect: "/app" for "location /app/ { proxy_pass ...; }" answers 301 to "/app/".
                String args = ex.request().args();
                ex.respond(301, "text/html", Unpooled.wrappedBuffer(StatusPages.page(301, true)),
                        ex.absoluteUrl(dev.switchboard.http.UriEscaper.escape(ex.request().uri()) + "/"
                                + (args != null ? "?" + args : "")));
                return;
            }
            LocationConf location = match.target();
            RewriteRunner.Outcome outcome = RewriteRunner.run(location.http().rewrite(), location, server, ex,
                    ReturnResponder::respond);
            if (outcome.responded()) {
                return;
            }
            level = outcome.effective();
        }
        ex.location(level.http());
        long limit = level.http().clientMaxBodySize();
        long length = HttpUtil.getContentLength(ex.request().request(), 0L);
        if (limit > 0 && length > limit) {
            log.info("*{} client intended to send too large body: {} bytes", connection.id(), length);
            ex.discardBodyAndClose();
            ex.respondStatus(413);
            return;
        }
        if (limitRelease == null) {
            Limits.Verdict verdict = Limits.check(level.http().block().settings(), ex.request(),
                    System.currentTimeMillis());
            if (verdict.status() != 0) {
                observatory.stats().local().limitRejected();
                ex.discardBodyAndClose();
                ex.respondStatus(verdict.status());
                return;
            }
            limitRelease = verdict.release();
            if (verdict.delayMillis() > 0) {
                LocationConf delayed = level;
                connection.executor().schedule(() -> {
                    if (connection.isCurrent(ex)) {
                        access(ex, delayed);
                    }
                }, verdict.delayMillis(), TimeUnit.MILLISECONDS);
                return;
            }
        }
        access(ex, level);
    }

    /** nginx's access phase (the WebSocket origin allowlist here), then the content handler. */
    private void access(Exchange ex, LocationConf level) {
        AccessPhase.Verdict verdict = AccessPhase.check(
                level.http().block().settings(), ex.request());
        if (verdict.status() != 0) {
            if (verdict.status() != 500) {
                observatory.accessRefused(verdict.status());
            }
            ex.challenge(verdict.challenge());
            ex.respondStatus(verdict.status());
            return;
        }
        if (ClientConnection.wantsUpgrade(ex.request().request())) {
            OriginPolicy origins = level.http().block().settings()
                    .get(WebSocketSettings.ALLOWED_ORIGINS);
            if (origins != null && !origins.allows(ex.request().header("Origin"))) {
                log.info("*{} WebSocket handshake from origin \"{}\" refused by websocket_allowed_origins",
                        connection.id(), ex.request().header("Origin"));
                ex.respondStatus(403);
                return;
            }
        }
        level.content().handle(ex);
    }

    /** Gives back the limit_conn slots of the request that just ended. */
    void releaseLimits() {
        if (limitRelease != null) {
            limitRelease.run();
            limitRelease = null;
        }
    }
}
