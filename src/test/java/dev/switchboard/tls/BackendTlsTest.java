package dev.switchboard.tls;

import dev.switchboard.testing.TestProxy;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** proxy_pass https:// to a Netty TLS backend: nginx's defaults (no verification, no SNI) and the proxy_ssl_* knobs. */
class BackendTlsTest {

    @TempDir
    static Path prefix;
    static TestCertificates certs;
    static EventLoopGroup group;
    static Channel backend;
    static TestProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        certs = new TestCertificates(prefix).ca("ca").ca("other").leaf("b", "ca", "ec", "2", "b.test")
                .intermediate("inter", "ca").leaf("deep", "inter", "rsa:2048", "2", "deep.test");
        java.nio.file.Files.writeString(prefix.resolve("deep-chain.crt"), certs.read("deep.crt") + certs.read("inter.crt"));
        SslContext plain = SslContextBuilder.forServer(certs.path("b.crt").toFile(), certs.path("b.key").toFile())
                .build();
        SslContext chained = SslContextBuilder.forServer(certs.path("deep-chain.crt").toFile(),
                certs.path("deep.key").toFile()).build();
        io.netty.util.Mapping<String, SslContext> byName = name -> "deep.test".equals(name) ? chained : plain;
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        backend = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new SniHandler(byName));
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16));
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<FullHttpRequest>() {
                            String sni;

                            @Override
                            public void userEventTriggered(ChannelHandlerContext c, Object evt) {
                                if (evt instanceof io.netty.handler.ssl.SniCompletionEvent e) {
                                    sni = e.hostname();
                                }
                            }

                            @Override
                            protected void channelRead0(ChannelHandlerContext c, FullHttpRequest req) {
                                byte[] body = ("tls backend sni=" + sni + " uri=" + req.uri())
                                        .getBytes(StandardCharsets.US_ASCII);
                                var resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                                        Unpooled.wrappedBuffer(body));
                                resp.headers().set("Content-Length", body.length);
                                c.writeAndFlush(resp);
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        int port = ((java.net.InetSocketAddress) backend.localAddress()).getPort();
        proxy = new TestProxy("""
                http {
                  server {
                    listen 127.0.0.1:PORT;
                    location /plain { proxy_pass https://127.0.0.1:%1$d; }
                    location /sni {
                      proxy_pass https://127.0.0.1:%1$d;
                      proxy_ssl_server_name on;
                      proxy_ssl_name b.test;
                    }
                    location /verified {
                      proxy_pass https://127.0.0.1:%1$d;
                      proxy_ssl_verify on;
                      proxy_ssl_trusted_certificate ca.crt;
                      proxy_ssl_name b.test;
                    }
                    location /deep1 {
                      proxy_pass https://127.0.0.1:%1$d;
                      proxy_ssl_verify on;
                      proxy_ssl_trusted_certificate ca.crt;
                      proxy_ssl_name deep.test;
                    }
                    location /deep2 {
                      proxy_pass https://127.0.0.1:%1$d;
                      proxy_ssl_verify on;
                      proxy_ssl_verify_depth 2;
                      proxy_ssl_trusted_certificate ca.crt;
                      proxy_ssl_name deep.test;
                      proxy_ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256;
                      proxy_ssl_protocols TLSv1.2;
                    }
                    location /untrusted {
                      proxy_pass https://127.0.0.1:%1$d;
                      proxy_ssl_verify on;
                      proxy_ssl_trusted_certificate other.crt;
                      proxy_ssl_name b.test;
                    }
                  }
                }
                """.formatted(port), prefix);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        backend.close().syncUninterruptibly();
        group.shutdownGracefully();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(proxy.http(path))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void defaultsNeitherVerifyNorSendServerName() throws Exception {
        HttpResponse<String> r = get("/plain");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("tls backend sni=null uri=/plain");
    }

    @Test
    void serverNameIsSentWhenAsked() throws Exception {
        assertThat(get("/sni").body()).isEqualTo("tls backend sni=b.test uri=/sni");
    }

    @Test
    void verifyDepthCountsIntermediates() throws Exception {
        assertThat(get("/deep1").statusCode()).as("one intermediate, depth 1").isEqualTo(502);
        assertThat(get("/deep2").statusCode()).as("one intermediate, depth 2").isEqualTo(200);
    }

    @Test
    void verificationAgainstTrustedCertificates() throws Exception {
        assertThat(get("/verified").statusCode()).isEqualTo(200);
        assertThat(get("/untrusted").statusCode()).isEqualTo(502);
    }
}
