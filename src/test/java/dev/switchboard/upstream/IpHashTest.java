package dev.switchboard.upstream;

import static dev.switchboard.upstream.TestPeers.group;
import static dev.switchboard.upstream.TestPeers.pickOk;
import static dev.switchboard.upstream.TestPeers.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.upstream.TestPeers.FakeClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class IpHashTest {

    private final FakeClock clock = new FakeClock();

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @Test
    void referenceHashes() throws Exception {
        assertThat(IpHash.mix(IpHash.INITIAL, IpHash.keyBytes(ip("192.168.1.10")))).isEqualTo(154);
        assertThat(IpHash.mix(IpHash.INITIAL, IpHash.keyBytes(ip("192.168.1.200")))).isEqualTo(154);
        assertThat(IpHash.mix(IpHash.INITIAL, IpHash.keyBytes(ip("203.0.113.7")))).isEqualTo(2592);
    }

    @Test
    void referencePicks() throws Exception {
        IpHash ipHash = new IpHash(TestPeers.threeServers(clock));
        assertThat(pickOk(ipHash, SelectionKey.ofClient(ip("192.168.1.10")))).isEqualTo("10.0.0.2:8080");
        assertThat(pickOk(ipHash, SelectionKey.ofClient(ip("192.168.1.200")))).isEqualTo("10.0.0.2:8080");
        assertThat(pickOk(ipHash, SelectionKey.ofClient(ip("203.0.113.7")))).isEqualTo("10.0.0.1:8080");
    }

    @Test
    void keyBytes() throws Exception {
        assertThat(IpHash.keyBytes(ip("203.0.113.7"))).containsExactly(203, 0, 113);
        assertThat(IpHash.keyBytes(ip("2001:db8::1"))).hasSize(16).startsWith(0x20, 0x01, 0x0d, 0xb8);
        assertThat(IpHash.keyBytes(null)).containsExactly(0, 0, 0);
        // 89 → 89·113 mod 6271 = 3786 → 3786·113 mod 6271 = 1390 → 1390·113 mod 6271 = 295
        assertThat(IpHash.mix(IpHash.INITIAL, new byte[3])).isEqualTo(295);
    }

    @Test
    void ipv6UsesAllSixteenBytes() throws Exception {
        IpHash ipHash = new IpHash(TestPeers.threeServers(clock));
        int h = IpHash.mix(IpHash.INITIAL, ip("2001:db8::1").getAddress());
        assertThat(pickOk(ipHash, SelectionKey.ofClient(ip("2001:db8::1"))))
                .isEqualTo(ipHash.group().peers().get(h % 3).server());
        int h2 = IpHash.mix(IpHash.INITIAL, ip("2001:db8::2").getAddress());
        assertThat(h2).isNotEqualTo(h);
    }

    @Test
    void retryMixesTheSameBytesAgainFromTheSavedHash() throws Exception {
        IpHash ipHash = new IpHash(TestPeers.threeServers(clock));
        InetAddress client = ip("192.168.1.10");
        Selection s = ipHash.select(SelectionKey.ofClient(client));
        Peer first = s.next();
        assertThat(first.server()).isEqualTo("10.0.0.2:8080");
        s.release(first, true);
        byte[] key = IpHash.keyBytes(client);
        int h = IpHash.mix(154, key);
        while (h % 3 == 1) {
            h = IpHash.mix(h, key);
        }
        Peer second = s.next();
        assertThat(second).isSameAs(ipHash.group().peers().get(h % 3));
        s.release(second, false);
        // .2 now failed: new requests from that /24 skip it the same way
        assertThat(pickOk(ipHash, SelectionKey.ofClient(ip("192.168.1.77")))).isEqualTo(second.server());
    }

    @Test
    void weightsCountDownPeers() throws Exception {
        IpHash ipHash = new IpHash(group(clock, spec("10.0.0.1:8080", s -> s.withWeight(2)),
                spec("10.0.0.2:8080", s -> s.withDown(true)), spec("10.0.0.3:8080")));
        // 203.0.113.x: h = 2592, 2592 % 4 = 0 -> .1
        assertThat(pickOk(ipHash, SelectionKey.ofClient(ip("203.0.113.7")))).isEqualTo("10.0.0.1:8080");
        // 192.168.1.x: h = 154 -> 154 % 4 = 2 -> .2 (down); remix: 5654 % 4 = 2 -> .2 again; remix: 1196 % 4 = 0 -> .1
        byte[] key = IpHash.keyBytes(ip("192.168.1.10"));
        assertThat(IpHash.mix(154, key)).isEqualTo(5654);
        assertThat(IpHash.mix(5654, key)).isEqualTo(1196);
        assertThat(pickOk(ipHash, SelectionKey.ofClient(ip("192.168.1.10")))).isEqualTo("10.0.0.1:8080");
    }

    @Test
    void singleGroupUsesRoundRobin() throws Exception {
        IpHash ipHash = new IpHash(group(clock, spec("10.0.0.9:80")));
        assertThat(pickOk(ipHash, SelectionKey.ofClient(ip("192.168.1.10")))).isEqualTo("10.0.0.9:80");
        assertThat(ipHash.supportsBackup()).isFalse();
    }
}
