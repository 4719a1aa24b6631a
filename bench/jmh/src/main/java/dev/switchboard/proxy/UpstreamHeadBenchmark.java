package dev.switchboard.proxy;

import dev.switchboard.config.CompileContext;
import dev.switchboard.config.Compiler;
import dev.switchboard.config.Context;
import dev.switchboard.config.Parser;
import dev.switchboard.config.model.ConfigBlock;
import dev.switchboard.http.HttpRequestContext;
import dev.switchboard.server.ConfigLoader;
import dev.switchboard.vars.Template;
import dev.switchboard.vars.VariableRegistry;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per-request work of a proxied WebSocket upgrade: evaluating a compiled variable template, and building the whole
 * backend request head ({@link UpstreamRequests#build}) from a location compiled from real config text.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UpstreamHeadBenchmark {

    private static final String CONF = """
            events { }
            http {
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                server {
                    listen 127.0.0.1:18080;
                    location /ws {
                        proxy_pass http://127.0.0.1:19001;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_set_header X-Real-IP $remote_addr;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Original-URL "$scheme://$host$request_uri";
                    }
                }
            }
            """;

    private ProxyLocation location;
    private Template template;
    private HttpRequest request;
    private VariableRegistry variables;

    @Setup
    public void setUp() {
        CompileContext context = new CompileContext(Path.of("."));
        variables = VariableRegistry.withBuiltins();
        ProxyVariables.register(variables);
        dev.switchboard.tls.TlsVariables.register(variables);
        context.register(VariableRegistry.class, variables);
        ConfigBlock main = new Compiler(ConfigLoader.registry())
                .compile(Parser.parseString(CONF, "bench", Path.of(".")), context);
        ConfigBlock ws = main.child(Context.HTTP).children(Context.SERVER).get(0).children(Context.LOCATION).get(0);
        location = ProxyLocation.of(ws.settings(), "/ws", Map.of(), null, variables);
        template = location.headers().stream().filter(h -> h.name().equals("X-Original-URL")).findFirst()
                .orElseThrow().value();
        request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws/chat?room=42");
        request.headers().add("Host", "chat.example.com").add("Upgrade", "websocket").add("Connection", "Upgrade")
                .add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").add("Sec-WebSocket-Version", "13")
                .add("Origin", "https://chat.example.com").add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)")
                .add("Cookie", "session=abcdef0123456789; theme=dark").add("X-Forwarded-For", "203.0.113.9");
    }

    private HttpRequestContext context() {
        return new HttpRequestContext(request, "/ws/chat", new InetSocketAddress("127.10.0.1", 40000),
                new InetSocketAddress("127.0.0.1", 18080), "http", 1, variables.slotCount());
    }

    @Benchmark
    public String templateEvaluate() {
        return template.evaluate(context());
    }

    @Benchmark
    public HttpRequest upstreamHead() {
        HttpRequestContext ctx = context();
        return UpstreamRequests.build(location, UpstreamRequests.uri(location.target(), "/ws", ctx), ctx,
                UpstreamRequests.NO_BODY);
    }

    /** The request context alone, to subtract from the two above. */
    @Benchmark
    public HttpRequestContext contextOnly() {
        return context();
    }
}
