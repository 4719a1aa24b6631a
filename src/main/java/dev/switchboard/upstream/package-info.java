/**
 * Upstream peers and the balancers that pick them, reproducing nginx 1.22–1.26 pick for pick.
 *
 * <p>A {@link dev.switchboard.upstream.PeerGroup} holds the runtime state of one {@code upstream} block
 * (primary peers in config order, an optional backup group). A {@link dev.switchboard.upstream.Balancer}
 * binds one balancing method to one group, built at config load the way nginx's {@code init_upstream}
 * does (the consistent-hash ring is computed there). Each proxied connection asks the balancer for a
 * {@link dev.switchboard.upstream.Selection}, the per-request state nginx keeps in its peer data
 * ({@code tried} bitmap, hash state, attempts left), and drives it:
 *
 * <pre>{@code
 * Selection s = balancer.select(SelectionKey.of(hashKey, clientAddress), nextUpstreamTries);
 * for (Peer p = s.next(); p != null; p = s.next()) {
 *     boolean failed = connectAndProxy(p);   // true for errors that count against max_fails
 *     s.release(p, failed);
 *     if (!failed) break;                    // (or the proxy's next_upstream rules decide)
 * }
 * // next() == null: nginx's NGX_BUSY / tries exhausted -> answer 502 (or the last upstream error)
 * }</pre>
 *
 * <p>One strategy per file: {@link dev.switchboard.upstream.RoundRobin} (smooth weighted),
 * {@link dev.switchboard.upstream.LeastConn}, {@link dev.switchboard.upstream.IpHash},
 * {@link dev.switchboard.upstream.Hash} (Cache::Memcached compatible) and
 * {@link dev.switchboard.upstream.ConsistentHash} (ketama, Cache::Memcached::Fast compatible),
 * {@link dev.switchboard.upstream.WeightedRandom} and {@link dev.switchboard.upstream.RandomTwo}. The shared
 * round-robin core, eligibility test and failure accounting ({@code max_fails}/{@code fail_timeout}) live
 * in {@link dev.switchboard.upstream.Selection}.
 *
 * <p>Active health checks ({@code health_check}) live in {@link dev.switchboard.upstream.health}; their only
 * effect here is the peer's health verdict, which the shared eligibility test reads like {@code down}. DNS discovery
 * ({@code server ... resolve}) lives in {@link dev.switchboard.upstream.dns}: it builds the next group with
 * {@link dev.switchboard.upstream.PeerGroup#withPeers} and the next balancer with
 * {@link dev.switchboard.upstream.Balancers#of}.
 *
 * <p>Threads: peers are shared by all event loops. Every pick and release holds the group's lock briefly;
 * this happens once per upstream connection attempt, never per message.
 */
package dev.switchboard.upstream;
