package dev.switchboard.proxy;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The idle backend connections of one upstream with {@code keepalive N} (nginx's
 * {@code ngx_http_upstream_keepalive_module}). nginx keeps one cache per worker process; Switchboard keeps one per
 * event loop, so a request only ever reuses a connection of its own loop and the cache needs no lock: each loop's
 * {@link LoopCache} is touched only from that loop.
 *
 * <p>As in nginx, at most {@code N} idle connections are kept per cache; offering one more closes the least recently
 * used. A request takes the most recently used idle connection to the peer the balancer picked. A connection is
 * offered only after a complete response that allows keep-alive (decided by {@link ProxyCall}), and leaves for good
 * after {@code keepalive_requests} requests, after {@code keepalive_timeout} idle, or when the backend closes it or
 * sends anything while idle ({@link IdleUpstreamHandler}).
 */
public final class KeepalivePool {

    /** Requests sent so far on a backend connection, counted across its reuses. */
    static final AttributeKey<int[]> REQUESTS = AttributeKey.valueOf("switchboard.upstreamRequests");

    private final int capacity;
    private final long timeoutMillis;
    private final int maxRequests;
    private final Map<EventExecutor, LoopCache> caches = new ConcurrentHashMap<>();
    private volatile boolean retired;

    /**
     * @param capacity      {@code keepalive N}: idle connections kept per event loop
     * @param timeoutMillis {@code keepalive_timeout}
     * @param maxRequests   {@code keepalive_requests}
     */
    public KeepalivePool(int capacity, long timeoutMillis, int maxRequests) {
        if (capacity < 1) {
            throw new IllegalArgumentException("keepalive must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.timeoutMillis = timeoutMillis;
        this.maxRequests = maxRequests;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * An idle connection of {@code loop} to {@code peer}, taken out of the cache and ready for a request (its idle
     * handler removed), or null. Call on {@code loop}.
     */
    Channel acquire(EventLoop loop, InetSocketAddress peer) {
        LoopCache cache = caches.get(loop);
        return cache == null ? null : cache.take(peer);
    }

    /** Counts one more request sent on {@code channel}. */
    static void countRequest(Channel channel) {
        int[] count = channel.attr(REQUESTS).get();
        if (count == null) {
            channel.attr(REQUESTS).set(new int[] {1});
        } else {
            count[0]++;
        }
    }

    /**
     * Whether {@code channel} may serve another request ({@code keepalive_requests} not reached). nginx checks
     * this when the connection is freed.
     */
    boolean reusable(Channel channel) {
        int[] count = channel.attr(REQUESTS).get();
        return channel.isActive() && (count == null || count[0] < maxRequests);
    }

    /**
     * Parks {@code channel} (on its own loop, its response handler already removed) as idle. Evicts and closes the
     * least recently used connection when the cache is full. A retired cache ({@link #closeIdle}) closes it.
     */
    void offer(Channel channel) {
        if (retired) {
            channel.close();
            return;
        }
        caches.computeIfAbsent(channel.eventLoop(), l -> new LoopCache()).put(channel);
    }

    /** Idle connections in the cache of {@code loop} now (for tests and observability; call on that loop). */
    int idle(EventLoop loop) {
        LoopCache cache = caches.get(loop);
        return cache == null ? 0 : cache.idle.size();
    }

    /**
     * Closes every idle connection, each on its own loop (a reload retires this generation's caches, as nginx's
     * old workers close theirs). Connections in use are not affected and are closed after their response.
     */
    public void closeIdle() {
        retired = true;
        caches.forEach((loop, cache) -> loop.execute(cache::closeAll));
    }

    /** Idle connections over all loops; approximate while the loops run. */
    public int idleTotal() {
        int n = 0;
        for (LoopCache c : caches.values()) {
            n += c.idle.size();
        }
        return n;
    }

    /** The cache of one event loop: most recently used first. Loop-confined. */
    private final class LoopCache {
        final ArrayDeque<Channel> idle = new ArrayDeque<>();

        Channel take(InetSocketAddress peer) {
            for (Iterator<Channel> it = idle.iterator(); it.hasNext(); ) {
                Channel ch = it.next();
                if (peer.equals(ch.remoteAddress())) {
                    it.remove();
                    IdleUpstreamHandler.detach(ch);
                    if (ch.isActive()) {
                        return ch;
                    }
                    ch.close();
                }
            }
            return null;
        }

        void closeAll() {
            for (Channel ch; (ch = idle.pollFirst()) != null; ) {
                IdleUpstreamHandler.detach(ch);
                ch.close();
            }
        }

        void put(Channel channel) {
            if (idle.size() >= capacity) {
                Channel oldest = idle.pollLast();
                IdleUpstreamHandler.detach(oldest);
                oldest.close();
            }
            idle.addFirst(channel);
            IdleUpstreamHandler.attach(channel, timeoutMillis, () -> idle.remove(channel));
        }
    }
}
