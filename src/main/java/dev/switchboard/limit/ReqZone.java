package dev.switchboard.limit;

import dev.switchboard.vars.Template;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@code limit_req_zone}: nginx's leaky bucket per key, in nginx's own units (excess in thousandths of a request,
 * the rate in thousandths of a request per second) so the accept/delay/reject decisions match nginx's
 * {@code ngx_http_limit_req_lookup} request for request.
 */
public final class ReqZone {

    /** The decision for one request: pass, pass after {@code delayMillis}, or reject. */
    public record Decision(boolean rejected, long delayMillis) {
        static final Decision PASS = new Decision(false, 0);
        static final Decision REJECT = new Decision(true, 0);
    }

    private static final class Bucket {
        long excess;
        long last;
    }

    private final String name;
    private final Template key;
    private final long rate;
    private final int maxKeys;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param rate    thousandths of a request per second ({@code rate=10r/s} is 10000, {@code 30r/m} is 500)
     * @param maxKeys how many keys the zone holds (from its size); idle buckets are dropped to make room
     */
    public ReqZone(String name, Template key, long rate, int maxKeys) {
        this.name = name;
        this.key = key;
        this.rate = rate;
        this.maxKeys = maxKeys;
    }

    public String name() {
        return name;
    }

    public Template key() {
        return key;
    }

    /**
     * Accounts one request for {@code k} at {@code nowMillis}.
     *
     * @param burst thousandths of a request the bucket may hold beyond the rate
     * @param delay thousandths of a request passed without delay ({@code nodelay}: the burst)
     */
    public Decision check(String k, long nowMillis, long burst, long delay) {
        if (!buckets.containsKey(k) && buckets.size() >= maxKeys) {
            evictIdle(nowMillis);
            if (buckets.size() >= maxKeys) {
                return Decision.REJECT;
            }
        }
        Decision[] out = new Decision[1];
        buckets.compute(k, (kk, b) -> {
            if (b == null) {
                b = new Bucket();
                b.last = nowMillis;
                out[0] = Decision.PASS;
                return b;
            }
            long ms = nowMillis - b.last;
            if (ms < -60_000) {
                ms = 1;
            } else if (ms < 0) {
                ms = 0;
            }
            long excess = b.excess - rate * ms / 1000 + 1000;
            if (excess < 0) {
                excess = 0;
            }
            if (excess > burst) {
                out[0] = Decision.REJECT;
                return b;
            }
            b.excess = excess;
            if (ms != 0) {
                b.last = nowMillis;
            }
            out[0] = excess <= delay ? Decision.PASS : new Decision(false, (excess - delay) * 1000 / rate);
            return b;
        });
        return out[0];
    }

    private void evictIdle(long nowMillis) {
        for (Iterator<Map.Entry<String, Bucket>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
            Bucket b = it.next().getValue();
            if (b.excess - rate * Math.max(0, nowMillis - b.last) / 1000 <= 0) {
                it.remove();
            }
        }
    }
}
