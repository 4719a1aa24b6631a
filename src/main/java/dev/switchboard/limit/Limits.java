package dev.switchboard.limit;

import dev.switchboard.config.model.Settings;
import dev.switchboard.vars.AddressFormat;
import dev.switchboard.vars.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies a location's limit_req and limit_conn to one request, in nginx's order (limit_req, then limit_conn), and
 * returns what the request may do: proceed (perhaps after a delay, holding connection slots to give back when it
 * ends) or be rejected with the configured status.
 */
public final class Limits {

    private static final Logger log = LoggerFactory.getLogger(Limits.class);

    /** The outcome: {@code status} 0 to proceed after {@code delayMillis}; {@code release} gives the slots back. */
    public record Verdict(int status, long delayMillis, Runnable release) {
        static final Verdict PROCEED = new Verdict(0, 0, () -> { });
    }

    private Limits() {
    }

    public static Verdict check(Settings location, RequestContext request, long nowMillis) {
        List<LimitSettings.ReqLimit> reqs = location.get(LimitSettings.LIMIT_REQ);
        List<LimitSettings.ConnLimit> conns = location.get(LimitSettings.LIMIT_CONN);
        if (reqs.isEmpty() && conns.isEmpty()) {
            return Verdict.PROCEED;
        }
        long delay = 0;
        for (LimitSettings.ReqLimit limit : reqs) {
            String key = limit.zone().key().evaluate(request);
            if (key.isEmpty()) {
                continue;
            }
            ReqZone.Decision d = limit.zone().check(key, nowMillis, limit.burst(), limit.delay());
            if (d.rejected()) {
                log.info("limiting requests, excess in zone \"{}\", client: {}", limit.zone().name(),
                        AddressFormat.text(request.remoteAddress()));
                if (!location.get(LimitSettings.LIMIT_REQ_DRY_RUN)) {
                    return new Verdict(location.get(LimitSettings.LIMIT_REQ_STATUS), 0, () -> { });
                }
            } else {
                delay = Math.max(delay, d.delayMillis());
            }
        }
        if (location.get(LimitSettings.LIMIT_REQ_DRY_RUN)) {
            delay = 0;
        }
        List<Runnable> taken = new ArrayList<>();
        for (LimitSettings.ConnLimit limit : conns) {
            String key = limit.zone().key().evaluate(request);
            if (key.isEmpty()) {
                continue;
            }
            if (!limit.zone().acquire(key, limit.limit())) {
                log.info("limiting connections by zone \"{}\", client: {}", limit.zone().name(),
                        AddressFormat.text(request.remoteAddress()));
                if (!location.get(LimitSettings.LIMIT_CONN_DRY_RUN)) {
                    taken.forEach(Runnable::run);
                    return new Verdict(location.get(LimitSettings.LIMIT_CONN_STATUS), 0, () -> { });
                }
                continue;
            }
            ConnZone zone = limit.zone();
            taken.add(() -> zone.release(key));
        }
        Runnable release = taken.isEmpty() ? () -> { } : once(taken);
        return new Verdict(0, delay, release);
    }

    private static Runnable once(List<Runnable> actions) {
        return new Runnable() {
            private boolean done;

            @Override
            public synchronized void run() {
                if (!done) {
                    done = true;
                    actions.forEach(Runnable::run);
                }
            }
        };
    }
}
