/**
 * DNS discovery of upstream peers: nginx 1.27.3's {@code resolver} and {@code server NAME resolve}.
 *
 * <p>An {@link dev.switchboard.upstream.dns.UpstreamResolver} per upstream with {@code resolve} servers re-resolves
 * each name through Netty's asynchronous {@code DnsNameResolver} ({@link dev.switchboard.upstream.dns.NameLookup})
 * on one of the shared event loops, when the answer's TTL (or {@code valid=}) runs out. When a name's address set
 * changes it builds the upstream's next peer group ({@link dev.switchboard.upstream.PeerGroup#withPeers}, which
 * keeps the state of unchanged peers) and a new balancer over it (for {@code hash ... consistent}, a new ring), and
 * hands it to the upstream, which swaps it in atomically. Connections already open to a removed peer are left alone.
 * {@link dev.switchboard.upstream.dns.Resolvers} starts and stops those of one configuration generation.
 */
package dev.switchboard.upstream.dns;
