package dev.switchboard.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** {@code --name value} options, and small text helpers. */
final class Args {

    static final ByteBuf CRLFCRLF = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[]{13, 10, 13, 10}));

    private final Map<String, String> values = new HashMap<>();

    Args(String[] argv, int from) {
        for (int i = from; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --name value, got " + argv[i]);
            }
            values.put(argv[i].substring(2), argv[++i]);
        }
    }

    String get(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    int getInt(String name, int dflt) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : dflt;
    }

    double getDouble(String name, double dflt) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : dflt;
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /**
     * The i-th client source address: 127.B.x.y over {@code count} addresses, B = {@code base}. Each source address
     * has its own ephemeral port range, so many addresses lift the ~28,000 connections one address allows.
     */
    static InetAddress source(int base, int count, int i) {
        int k = i % count;
        try {
            return InetAddress.getByAddress(new byte[]{127, (byte) base, (byte) (k / 250), (byte) (k % 250 + 1)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of a header in a raw head (first occurrence, case-insensitive name), or null. */
    /**
     * Takes a complete HTTP response head (without its blank line) off the front of {@code buf}, or returns null and
     * leaves {@code buf} alone when the head has not fully arrived yet.
     */
    static String takeHead(ByteBuf buf) {
        int end = io.netty.buffer.ByteBufUtil.indexOf(CRLFCRLF, buf);
        if (end < 0) {
            return null;
        }
        String head = buf.toString(buf.readerIndex(), end - buf.readerIndex(),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        buf.readerIndex(end + 4);
        return head;
    }

    static String header(String head, String name) {
        String lower = head.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("\r\n" + name + ":");
        if (at < 0) {
            return null;
        }
        int start = at + name.length() + 3;
        int end = lower.indexOf("\r\n", start);
        return head.substring(start, end < 0 ? head.length() : end).trim();
    }
}
