package dev.switchboard.vars;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A hand-filled {@link RequestContext} for unit tests; every field has a plain default. */
final class TestRequest implements RequestContext {

    private record Header(String name, String value) {
    }

    String method = "GET";
    String requestUri = "/index.html";
    String uri = "/index.html";
    String args;
    String protocol = "HTTP/1.1";
    final List<Header> headers = new ArrayList<>();
    InetSocketAddress remote = new InetSocketAddress("192.0.2.10", 51000);
    InetSocketAddress local = new InetSocketAddress("198.51.100.1", 8080);
    String scheme = "http";
    String serverName = "example.org";
    long connectionId = 7;
    String requestId = "0123456789abcdef0123456789abcdef";
    VariableStore store;

    TestRequest(VariableRegistry registry) {
        this.store = registry.newStore();
    }

    TestRequest header(String name, String value) {
        headers.add(new Header(name, value));
        return this;
    }

    /** Sets request line parts from a target such as "/a/b?x=1". */
    TestRequest target(String target) {
        requestUri = target;
        int q = target.indexOf('?');
        uri = q < 0 ? target : target.substring(0, q);
        args = q < 0 ? null : target.substring(q + 1);
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String requestUri() {
        return requestUri;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String args() {
        return args;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public List<String> headers(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        List<String> values = new ArrayList<>();
        for (Header h : headers) {
            if (h.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                values.add(h.value());
            }
        }
        return values;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public long connectionId() {
        return connectionId;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public VariableStore variables() {
        return store;
    }
}
