package dev.switchboard.vars;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltinVariablesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T13:41:00.123Z");

    private final VariableRegistry registry = registry(Clock.fixed(NOW, ZoneOffset.UTC));
    private final TestRequest request = new TestRequest(registry);

    private static VariableRegistry registry(Clock clock) {
        VariableRegistry registry = new VariableRegistry();
        BuiltinVariables.registerAll(registry, clock);
        return registry;
    }

    private String get(String name) {
        return registry.resolve(name, null).value(request);
    }

    private static InetSocketAddress socket(String literal, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(literal), port);
    }

    @Test
    void headerVariablesMapUnderscoresToDashesAndIgnoreCase() {
        request.header("User-Agent", "curl/8.5").header("X-Forwarded-For", "10.0.0.1");

        assertThat(get("http_user_agent")).isEqualTo("curl/8.5");
        assertThat(get("HTTP_USER_AGENT")).isEqualTo("curl/8.5");
        assertThat(get("http_x_forwarded_for")).isEqualTo("10.0.0.1");
        assertThat(get("http_missing")).isNull();
    }

    @Test
    void repeatedHeadersJoinWithCommaAndCookiesWithSemicolon() {
        request.header("X-Forwarded-For", "10.0.0.1").header("x-forwarded-for", "10.0.0.2")
                .header("Cookie", "a=1").header("Cookie", "b=2");

        assertThat(get("http_x_forwarded_for")).isEqualTo("10.0.0.1, 10.0.0.2");
        assertThat(get("http_cookie")).isEqualTo("a=1; b=2");
    }

    @Test
    void cookieVariableFollowsNginxParsing() {
        request.header("Cookie", "ab=1; A = two ; c=3,d=4").header("Cookie", "e=5");

        assertThat(get("cookie_a")).isEqualTo("two ");
        assertThat(get("cookie_ab")).isEqualTo("1");
        assertThat(get("cookie_C")).isEqualTo("3,d=4");
        assertThat(get("cookie_d")).isEqualTo("4");
        assertThat(get("cookie_e")).isEqualTo("5");
        assertThat(get("cookie_b")).isNull();
        assertThat(get("cookie_missing")).isNull();
    }

    @Test
    void argVariableIsRawFirstAndCaseInsensitive() {
        request.target("/search?Q=a%20b&q=second&empty=&flag&x_y=1");

        assertThat(get("arg_q")).isEqualTo("a%20b");
        assertThat(get("arg_Q")).isEqualTo("a%20b");
        assertThat(get("arg_empty")).isEqualTo("");
        assertThat(get("arg_flag")).isNull();
        assertThat(get("arg_x_y")).isEqualTo("1");
        assertThat(get("arg_mpty")).isNull();
        assertThat(get("arg_")).isNull();
    }

    @Test
    void argVariableWithoutQuery() {
        request.target("/plain");

        assertThat(get("arg_q")).isNull();
        assertThat(get("args")).isNull();
        assertThat(get("is_args")).isEqualTo("");
    }

    @Test
    void requestLineVariables() {
        request.method = "POST";
        request.target("/a/b%20c?x=1&y=2");
        request.uri = "/a/b c";

        assertThat(get("request_method")).isEqualTo("POST");
        assertThat(get("request_uri")).isEqualTo("/a/b%20c?x=1&y=2");
        assertThat(get("uri")).isEqualTo("/a/b c");
        assertThat(get("document_uri")).isEqualTo("/a/b c");
        assertThat(get("args")).isEqualTo("x=1&y=2");
        assertThat(get("query_string")).isEqualTo("x=1&y=2");
        assertThat(get("is_args")).isEqualTo("?");
        assertThat(get("server_protocol")).isEqualTo("HTTP/1.1");
        assertThat(get("request")).isEqualTo("POST /a/b%20c?x=1&y=2 HTTP/1.1");
    }

    @Test
    void isArgsIsEmptyForABareQuestionMark() {
        request.target("/x?");

        assertThat(get("args")).isEqualTo("");
        assertThat(get("is_args")).isEqualTo("");
    }

    @Test
    void absoluteRequestTarget() {
        request.requestUri = "http://Example.COM:8080/p?q=1";
        request.header("Host", "other.example");

        assertThat(get("host")).isEqualTo("example.com");
        assertThat(get("request_uri")).isEqualTo("/p?q=1");
        assertThat(get("request")).isEqualTo("GET http://Example.COM:8080/p?q=1 HTTP/1.1");
    }

    @Test
    void hostComesFromTheHostHeaderNormalized() {
        request.header("Host", "WWW.Example.ORG.:8443");
        assertThat(get("host")).isEqualTo("www.example.org");
    }

    @Test
    void hostKeepsIpv6LiteralBrackets() {
        request.header("Host", "[2001:DB8::1]:8080");
        assertThat(get("host")).isEqualTo("[2001:db8::1]");
    }

    @Test
    void hostFallsBackToServerName() {
        assertThat(get("host")).isEqualTo("example.org");

        request.header("Host", "");
        assertThat(get("host")).isEqualTo("example.org");
    }

    @Test
    void invalidHostFallsBackToServerName() {
        request.header("Host", "a..b");
        assertThat(get("host")).isEqualTo("example.org");
    }

    @Test
    void connectionVariablesIpv4() {
        assertThat(get("remote_addr")).isEqualTo("192.0.2.10");
        assertThat(get("remote_port")).isEqualTo("51000");
        assertThat(get("binary_remote_addr"))
                .isEqualTo(new String(new byte[] {(byte) 192, 0, 2, 10}, StandardCharsets.ISO_8859_1));
        assertThat(get("server_addr")).isEqualTo("198.51.100.1");
        assertThat(get("server_port")).isEqualTo("8080");
        assertThat(get("server_name")).isEqualTo("example.org");
        assertThat(get("connection")).isEqualTo("7");
        assertThat(get("request_id")).isEqualTo("0123456789abcdef0123456789abcdef");
    }

    @Test
    void ipv6AddressesPrintCompressedWithoutBracketsOrZone() throws UnknownHostException {
        request.remote = socket("2001:db8:0:0:1:0:0:1", 443);
        request.local = new InetSocketAddress(InetAddress.getByName("fe80::1%1"), 80);

        assertThat(get("remote_addr")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(get("server_addr")).isEqualTo("fe80::1");
        assertThat(get("binary_remote_addr")).hasSize(16);
        assertThat(get("binary_remote_addr").charAt(0)).isEqualTo((char) 0x20);
        assertThat(get("binary_remote_addr").charAt(15)).isEqualTo((char) 0x01);
    }

    @Test
    void ipv6FormattingFollowsNgxInet6Ntop() throws UnknownHostException {
        assertThat(text("::1")).isEqualTo("::1");
        assertThat(text("::")).isEqualTo("::");
        assertThat(text("1::")).isEqualTo("1::");
        assertThat(text("2001:db8:0:1:0:0:0:1")).isEqualTo("2001:db8:0:1::1");
        assertThat(text("2001:0:0:1:0:0:1:1")).isEqualTo("2001::1:0:0:1:1");
        assertThat(text("2001:db8:1:1:1:1:0:1")).isEqualTo("2001:db8:1:1:1:1:0:1");
        assertThat(text("::102:304")).isEqualTo("::1.2.3.4");
        assertThat(AddressFormat.text(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4}))
                .isEqualTo("::ffff:1.2.3.4");
    }

    private static String text(String literal) throws UnknownHostException {
        return AddressFormat.text(InetAddress.getByName(literal).getAddress());
    }

    @Test
    void portZeroPrintsNothing() throws UnknownHostException {
        request.remote = socket("192.0.2.1", 0);
        assertThat(get("remote_port")).isEqualTo("");
    }

    @Test
    void schemeAndHttps() {
        assertThat(get("scheme")).isEqualTo("http");
        assertThat(get("https")).isEqualTo("");

        request.scheme = "https";
        assertThat(get("scheme")).isEqualTo("https");
        assertThat(get("https")).isEqualTo("on");
    }

    @Test
    void contentHeaders() {
        assertThat(get("content_length")).isNull();
        assertThat(get("content_type")).isNull();

        request.header("Content-Length", "42").header("Content-Type", "text/plain; charset=utf-8");
        assertThat(get("content_length")).isEqualTo("42");
        assertThat(get("content_type")).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void timeVariablesInUtc() {
        assertThat(get("msec")).isEqualTo("1795614060.123");
        assertThat(get("time_iso8601")).isEqualTo("2026-11-25T13:41:00+00:00");
        assertThat(get("time_local")).isEqualTo("25/Nov/2026:13:41:00 +0000");
    }

    @Test
    void timeVariablesInOtherZones() {
        VariableRegistry east = registry(Clock.fixed(NOW, ZoneId.of("Asia/Kolkata")));
        VariableRegistry west = registry(Clock.fixed(Instant.parse("2026-01-05T01:02:03.004Z"),
                ZoneOffset.ofHoursMinutes(-3, -30)));

        assertThat(east.resolve("time_iso8601", null).value(request)).isEqualTo("2026-11-25T19:11:00+05:30");
        assertThat(east.resolve("time_local", null).value(request)).isEqualTo("25/Nov/2026:19:11:00 +0530");
        assertThat(west.resolve("time_iso8601", null).value(request)).isEqualTo("2026-01-04T21:32:03-03:30");
        assertThat(west.resolve("time_local", null).value(request)).isEqualTo("04/Jan/2026:21:32:03 -0330");
        assertThat(west.resolve("msec", null).value(request)).isEqualTo("1767574923.004");
    }

    @Test
    void processVariables() {
        assertThat(get("pid")).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(get("switchboard_version")).isEqualTo("0.1.0");
        assertThat(get("hostname")).isNotEmpty().isEqualTo(get("hostname").toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void moduleVariablesAreNotBuiltin() {
        assertThat(registry.isDefined("proxy_host")).isFalse();
        assertThat(registry.isDefined("proxy_port")).isFalse();
        assertThat(registry.isDefined("proxy_add_x_forwarded_for")).isFalse();
        assertThat(registry.isDefined("nginx_version")).isFalse();
    }
}
