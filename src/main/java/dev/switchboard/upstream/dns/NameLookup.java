package dev.switchboard.upstream.dns;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.NoopAuthoritativeDnsServerCache;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the {@code resolver}'s name servers for a name's A records (and AAAA with {@code ipv6=on}) through Netty's
 * non-blocking {@link DnsNameResolver}, with every cache off so each lookup reaches the server and sees its TTLs.
 * Lives on one event loop.
 */
final class NameLookup implements AutoCloseable {

    private final DnsNameResolver dns;
    private final EventLoop loop;
    private final boolean ipv6;

    NameLookup(EventLoop loop, Class<? extends DatagramChannel> channelType, ResolverSpec spec, long timeoutMillis) {
        this.loop = loop;
        this.ipv6 = spec.ipv6();
        this.dns = new DnsNameResolverBuilder(loop)
                .datagramChannelType(channelType)
                .nameServerProvider(new SequentialDnsServerAddressStreamProvider(
                        spec.servers().toArray(new InetSocketAddress[0])))
                .resolveCache(NoopDnsCache.INSTANCE)
                .cnameCache(NoopDnsCnameCache.INSTANCE)
                .authoritativeDnsServerCache(NoopAuthoritativeDnsServerCache.INSTANCE)
                .searchDomains(List.of())
                .ndots(1)
                .queryTimeoutMillis(Math.max(1, timeoutMillis))
                .recursionDesired(true)
                .build();
    }

    /** Looks {@code host} up; the future never fails (a failure is a {@link DnsAnswer} with an error). */
    Future<DnsAnswer> lookup(String host) {
        Promise<DnsAnswer> promise = loop.newPromise();
        query(host, DnsRecordType.A, new ArrayList<>(), Long.MAX_VALUE, promise);
        return promise;
    }

    private void query(String host, DnsRecordType type, List<InetAddress> found, long ttl, Promise<DnsAnswer> out) {
        dns.query(new DefaultDnsQuestion(host, type)).addListener(f -> {
            long minTtl = ttl;
            String error = null;
            if (!f.isSuccess()) {
                error = String.valueOf(f.cause().getMessage());
            } else {
                @SuppressWarnings("unchecked")
                AddressedEnvelope<DnsResponse, InetSocketAddress> envelope =
                        (AddressedEnvelope<DnsResponse, InetSocketAddress>) f.getNow();
                try {
                    DnsResponse response = envelope.content();
                    DnsResponseCode code = response.code();
                    if (code != DnsResponseCode.NOERROR && code != DnsResponseCode.NXDOMAIN) {
                        error = code.toString();
                    }
                    for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
                        DnsRecord record = response.recordAt(DnsSection.ANSWER, i);
                        if (record.type() == type && record instanceof DnsRawRecord raw) {
                            found.add(InetAddress.getByAddress(host, ByteBufUtil.getBytes(raw.content())));
                            minTtl = Math.min(minTtl, record.timeToLive());
                        }
                    }
                } catch (UnknownHostException e) {
                    error = "malformed address record: " + e.getMessage();
                } finally {
                    envelope.release();
                }
            }
            if (error != null) {
                out.setSuccess(new DnsAnswer(List.of(), 0, type + ": " + error));
            } else if (type == DnsRecordType.A && ipv6) {
                query(host, DnsRecordType.AAAA, found, minTtl, out);
            } else {
                out.setSuccess(new DnsAnswer(List.copyOf(found), minTtl == Long.MAX_VALUE ? 0 : minTtl, null));
            }
        });
    }

    @Override
    public void close() {
        dns.close();
    }
}
