package dev.switchboard.demo;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;

import dev.switchboard.tls.DevCertificate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The built-in demo: two WebSocket echo backends on loopback, a page that talks to them through the proxy, and an
 * nginx-style configuration tying them together, written under a prefix directory so the user can read it.
 */
public final class Demo implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final DemoBackend first;
    private final DemoBackend second;
    private final Path config;
    private final DevCertificate certificate;

    /** The demo without TLS. */
    public Demo(Path prefix, int port) throws IOException {
        this(prefix, port, 0);
    }

    /**
     * @param tlsPort also serve https/wss on this port with a self-signed localhost certificate kept under
     *                {@code prefix/tls/} (made on first start); 0 for none
     */
    public Demo(Path prefix, int port, int tlsPort) throws IOException {
        first = new DemoBackend("backend-1", group);
        second = new DemoBackend("backend-2", group);
        Files.createDirectories(prefix.resolve("html"));
        try (InputStream page = Demo.class.getResourceAsStream("/demo/index.html")) {
            Files.copy(page, prefix.resolve("html/index.html"), StandardCopyOption.REPLACE_EXISTING);
        }
        certificate = tlsPort > 0 ? DevCertificate.ensure(prefix.resolve("tls")) : null;
        config = prefix.resolve("switchboard-demo.conf");
        Files.writeString(config, configText(port, tlsPort));
    }

    /** The self-signed certificate of the wss listener, or null without one. */
    public DevCertificate certificate() {
        return certificate;
    }

    /** The demo's configuration: the classic nginx WebSocket recipe, in front of the two backends. */
    String configText(int port, int tlsPort) {
        String locations = "    location / { root html; index index.html; }\n"
                + "    location /ws {\n"
                + "      proxy_pass http://demo_backends/;\n"
                + "      proxy_http_version 1.1;\n"
                + "      proxy_set_header Upgrade $http_upgrade;\n"
                + "      proxy_set_header Connection $connection_upgrade;\n"
                + "      proxy_read_timeout 1h;\n"
                + "    }\n";
        String tls = tlsPort <= 0 ? "" : "  # wss:// with a self-signed certificate made on the first start\n"
                + "  server {\n"
                + "    listen " + tlsPort + " ssl;\n"
                + "    server_name localhost;\n"
                + "    ssl_certificate tls/" + certificate.certificate().getFileName() + ";\n"
                + "    ssl_certificate_key tls/" + certificate.key().getFileName() + ";\n"
                + locations
                + "  }\n";
        return "# Written by `switchboard demo`: the classic nginx WebSocket recipe.\n"
                + "events { worker_connections 1024; }\n"
                + "http {\n"
                + "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n"
                + "  upstream demo_backends {\n"
                + "    server 127.0.0.1:" + first.port() + ";\n"
                + "    server 127.0.0.1:" + second.port() + ";\n"
                + "  }\n"
                + "  server {\n"
                + "    listen " + port + ";\n"
                + locations
                + "  }\n"
                + tls
                + "}\n";
    }

    public Path config() {
        return config;
    }

    @Override
    public void close() {
        first.close();
        second.close();
        group.shutdownGracefully();
    }
}
