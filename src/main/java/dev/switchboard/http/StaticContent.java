package dev.switchboard.http;

import dev.switchboard.config.RawText;
import io.netty.channel.Channel;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Date;

/**
 * nginx's static module with index: serves files under {@code root}/{@code alias} for GET and HEAD, with
 * Content-Type from {@code types}, Last-Modified and If-Modified-Since, index files by internal redirect, and a 301
 * to add the slash to a directory. The URI is already normalized (no {@code ..} can escape the root).
 */
public final class StaticContent implements ContentHandler {

    private static final Logger log = LoggerFactory.getLogger(StaticContent.class);

    private final Path prefix;

    public StaticContent(Path prefix) {
        this.prefix = prefix;
    }

    @Override
    public void handle(Exchange exchange) {
        HttpLocation location = exchange.location();
        HttpMethod method = exchange.request().request().method();
        String uri = exchange.request().uri();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            exchange.respondStatus(405);
            return;
        }
        Path file = map(location, exchange, uri);
        if (file == null) {
            exchange.respondStatus(404);
            return;
        }
        if (uri.endsWith("/")) {
            serveIndex(exchange, location, file, uri);
            return;
        }
        if (Files.isDirectory(file)) {
            String target = exchange.absoluteUrl(UriEscaper.escape(uri) + "/"
                    + (exchange.request().args() != null ? "?" + exchange.request().args() : ""));
            exchange.respond(301, "text/html", io.netty.buffer.Unpooled.wrappedBuffer(StatusPages.page(301, true)),
                    target);
            return;
        }
        sendFile(exchange, location, file);
    }

    private Path map(HttpLocation location, Exchange exchange, String uri) {
        DocumentRoot root = location.root();
        String base = root == null ? "html" : root.path().evaluate(exchange.request());
        Path basePath = prefix.resolve(RawText.toUnicode(base)).normalize();
        String rest = uri;
        if (root != null && root.alias() && location.prefix() != null && uri.startsWith(location.prefix())) {
            rest = uri.substring(location.prefix().length());
            String joined = basePath + (rest.startsWith("/") || basePath.toString().endsWith("/") ? "" : "/")
                    + RawText.toUnicode(rest);
            return Path.of(joined);
        }
        if (rest.indexOf('\0') >= 0) {
            return null;
        }
        return Path.of(basePath + RawText.toUnicode(rest));
    }

    private void serveIndex(Exchange exchange, HttpLocation location, Path dir, String uri) {
        java.util.List<dev.switchboard.vars.Template> index = location.index();
        if (index == null) {
            index = java.util.List.of(dev.switchboard.vars.Template.of("index.html"));
        }
        for (dev.switchboard.vars.Template t : index) {
            String name = t.evaluate(exchange.request());
            Path candidate = name.startsWith("/") ? null : dir.resolve(RawText.toUnicode(name));
            if (candidate != null && Files.isRegularFile(candidate)) {
                exchange.request().uri(uri + name);
                exchange.owner().internalRedirect(exchange, uri + name);
                return;
            }
        }
        exchange.respondStatus(Files.isDirectory(dir) ? 403 : 404);
    }

    private void sendFile(Exchange exchange, HttpLocation location, Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
            exchange.respondStatus(404);
            return;
        }
        RandomAccessFile raf;
        long length;
        long modified;
        try {
            raf = new RandomAccessFile(file.toFile(), "r");
            length = raf.length();
            modified = Files.getLastModifiedTime(file).toMillis() / 1000 * 1000;
        } catch (IOException e) {
            log.error("open() \"{}\" failed: {}", file, e.getMessage());
            exchange.respondStatus(Files.exists(file) ? 403 : 404);
            return;
        }
        String since = exchange.request().header("If-Modified-Since");
        if (since != null) {
            Date date = DateFormatter.parseHttpDate(since);
            if (date != null && date.getTime() >= modified) {
                close(raf);
                exchange.respond(304, null, null, null);
                return;
            }
        }
        HttpResponse response = Exchange.newResponse(200);
        response.headers().set("Content-Type", location.contentType(file.getFileName().toString()));
        response.headers().set("Content-Length", length);
        response.headers().set("Last-Modified", DateFormatter.format(new Date(modified)));
        response.headers().set("Accept-Ranges", "bytes");
        exchange.sendHead(response);
        if (exchange.isHead() || length == 0) {
            close(raf);
        } else {
            writeFile(exchange.client(), raf, length);
        }
        exchange.finishFile();
    }

    /**
     * Zero-copy when the bytes go to the socket as they are; through the TLS engine a file region cannot pass, so
     * the file goes in chunks (TLS connections carry a {@link io.netty.handler.stream.ChunkedWriteHandler}).
     */
    private static void writeFile(Channel client, RandomAccessFile raf, long length) {
        if (client.pipeline().get(SslHandler.class) == null) {
            client.write(new DefaultFileRegion(raf.getChannel(), 0, length));
            return;
        }
        try {
            client.write(new ChunkedFile(raf, 0, length, 16 * 1024));
        } catch (IOException e) {
            close(raf);
            client.close();
        }
    }

    private static void close(RandomAccessFile raf) {
        try {
            raf.close();
        } catch (IOException ignored) {
            // nothing more to do with a file we only read
        }
    }
}
