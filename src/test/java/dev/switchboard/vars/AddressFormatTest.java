package dev.switchboard.vars;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** Addresses as nginx prints them: $remote_addr without a port, $upstream_addr and its error log with one. */
class AddressFormatTest {

    @Test
    void ipv4() throws Exception {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("10.0.12.108"), 9000);
        assertThat(AddressFormat.text(a)).isEqualTo("10.0.12.108");
        assertThat(AddressFormat.withPort(a)).isEqualTo("10.0.12.108:9000");
    }

    @Test
    void ipv6IsCompressedAsNginxDoesAndBracketedWithAPort() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("::1"), 9000);
        assertThat(AddressFormat.text(loopback)).isEqualTo("::1");
        assertThat(AddressFormat.withPort(loopback)).isEqualTo("[::1]:9000");
        InetSocketAddress doc = new InetSocketAddress(InetAddress.getByName("2001:db8:0:0:1:0:0:1"), 443);
        assertThat(AddressFormat.withPort(doc)).isEqualTo("[2001:db8::1:0:0:1]:443");
    }

    @Test
    void anUnresolvedAddressShowsItsNameAndNoneShowsADash() {
        assertThat(AddressFormat.withPort(InetSocketAddress.createUnresolved("backend.internal", 8080)))
                .isEqualTo("backend.internal:8080");
        assertThat(AddressFormat.withPort(null)).isEqualTo("-");
    }
}
