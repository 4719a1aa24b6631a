package dev.switchboard.proxy;

import dev.switchboard.vars.VariableRegistry;

import java.net.InetSocketAddress;

/**
 * The proxy module's variables: {@code $proxy_host} and {@code $proxy_port} (set per request from the target) and
 * {@code $proxy_add_x_forwarded_for} (the client's X-Forwarded-For with {@code $remote_addr} appended).
 */
public record ProxyVariables(int hostSlot, int portSlot) {

    public static ProxyVariables register(VariableRegistry registry) {
        int host = registry.declareSlot("proxy_host");
        int port = registry.declareSlot("proxy_port");
        registry.define("proxy_add_x_forwarded_for", request -> {
            InetSocketAddress remote = request.remoteAddress();
            String addr = remote == null ? "" : remote.getAddress().getHostAddress();
            String existing = request.header("X-Forwarded-For");
            return existing == null || existing.isEmpty() ? addr : existing + ", " + addr;
        });
        return new ProxyVariables(host, port);
    }
}
