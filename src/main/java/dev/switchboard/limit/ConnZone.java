package dev.switchboard.limit;

import dev.switchboard.vars.Template;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code limit_conn_zone}: how many requests (and open tunnels) each key has in progress. Entries exist only while
 * a key has something in progress; {@code maxKeys} bounds them as nginx's zone size does (a full zone rejects).
 */
public final class ConnZone {

    private final String name;
    private final Template key;
    private final int maxKeys;
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public ConnZone(String name, Template key, int maxKeys) {
        this.name = name;
        this.key = key;
        this.maxKeys = maxKeys;
    }

    public String name() {
        return name;
    }

    public Template key() {
        return key;
    }

    /** Takes a slot for {@code k} unless it already has {@code limit}; false means reject. */
    public boolean acquire(String k, int limit) {
        boolean[] ok = {false};
        if (!counts.containsKey(k) && counts.size() >= maxKeys) {
            return false;
        }
        counts.compute(k, (kk, count) -> {
            if (count == null) {
                count = new AtomicInteger();
            }
            if (count.get() < limit) {
                count.incrementAndGet();
                ok[0] = true;
            }
            return count.get() == 0 ? null : count;
        });
        return ok[0];
    }

    /** Gives back a slot taken by {@link #acquire}. */
    public void release(String k) {
        counts.computeIfPresent(k, (kk, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Requests in progress for a key (for tests and status). */
    public int inProgress(String k) {
        AtomicInteger c = counts.get(k);
        return c == null ? 0 : c.get();
    }
}
