package dev.switchboard.proxy;

import dev.switchboard.vars.VariableRegistry;

import dev.switchboard.vars.Variable;

import java.util.List;

/**
 * The proxy module's variables: {@code $proxy_host} and {@code $proxy_port} (set per request from the target) and
 * {@code $proxy_add_x_forwarded_for} (the client's X-Forwarded-For with {@code $remote_addr} appended).
 */
public record ProxyVariables(int hostSlot, int portSlot) {

    public static ProxyVariables register(VariableRegistry registry) {
        int host = registry.declareSlot("proxy_host");
        int port = registry.declareSlot("proxy_port");
        Variable remoteAddr = registry.resolve("remote_addr", null);
        registry.define("proxy_add_x_forwarded_for", request -> {
            String addr = remoteAddr.value(request);
            List<String> existing = request.headers("X-Forwarded-For");
            return existing.isEmpty() ? addr : String.join(", ", existing) + ", " + addr;
        });
        return new ProxyVariables(host, port);
    }
}
