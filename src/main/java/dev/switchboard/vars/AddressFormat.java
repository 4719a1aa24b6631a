package dev.switchboard.vars;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Socket addresses printed as nginx prints them in $remote_addr and $server_addr: IPv4 dotted, IPv6 compressed
 * by {@code ngx_inet6_ntop} rules (longest run of two or more zero groups, the first one on a tie; an
 * IPv4-mapped or -compatible address ends in dotted form), no brackets and no zone id. Java's own
 * {@link InetAddress#getHostAddress()} would print {@code 0:0:0:0:0:0:0:1} for {@code ::1}. With a port, as nginx
 * prints {@code $upstream_addr} and the addresses in its error log: {@code 10.0.0.1:9000}, {@code [::1]:9000}.
 * Everything that shows an address (variables, logs, metrics labels, the status page) uses this one form.
 */
public final class AddressFormat {

    private AddressFormat() {
    }

    /** The address as text, or null when there is none (an unresolved address falls back to its host string). */
    public static String text(InetSocketAddress socket) {
        if (socket == null) {
            return null;
        }
        InetAddress address = socket.getAddress();
        return address == null ? socket.getHostString() : text(address.getAddress());
    }

    /**
     * The address and port, IPv6 in brackets ({@code [::1]:9000}); an unresolved address shows its host name; "-"
     * for none. Any other kind of socket address (a Unix socket) shows as Java prints it.
     */
    public static String withPort(SocketAddress socket) {
        if (!(socket instanceof InetSocketAddress inet)) {
            return socket == null ? "-" : socket.toString();
        }
        InetAddress address = inet.getAddress();
        String host = address == null ? inet.getHostString() : text(address.getAddress());
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + inet.getPort();
    }

    /** $binary_remote_addr: the 4 or 16 address bytes, one char per byte. */
    static String binary(InetSocketAddress socket) {
        if (socket == null || socket.getAddress() == null) {
            return null;
        }
        return new String(socket.getAddress().getAddress(), StandardCharsets.ISO_8859_1);
    }

    /** The port as text, empty for port 0 (nginx prints nothing for a port outside 1..65535). */
    static String port(InetSocketAddress socket) {
        if (socket == null) {
            return null;
        }
        int port = socket.getPort();
        return port > 0 && port < 65536 ? Integer.toString(port) : "";
    }

    static String text(byte[] bytes) {
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        return inet6(bytes);
    }

    private static String inet6(byte[] p) {
        int zero = -1;
        int last = -1;
        int max = 1;
        int run = 0;
        for (int i = 0; i < 16; i += 2) {
            if (p[i] != 0 || p[i + 1] != 0) {
                if (max < run) {
                    zero = last;
                    max = run;
                }
                run = 0;
                continue;
            }
            if (run++ == 0) {
                last = i;
            }
        }
        if (max < run) {
            zero = last;
            max = run;
        }

        StringBuilder sb = new StringBuilder(39);
        int groupsEnd = 16;
        if (zero == 0) {
            int b14 = p[14] & 0xff;
            int b15 = p[15] & 0xff;
            if ((max == 5 && (p[10] & 0xff) == 0xff && (p[11] & 0xff) == 0xff)
                    || max == 6
                    || (max == 7 && b14 != 0 && b15 != 1)) {
                groupsEnd = 12;
            }
            sb.append(':');
        }
        for (int i = 0; i < groupsEnd; i += 2) {
            if (i == zero) {
                sb.append(':');
                i += (max - 1) * 2;
                continue;
            }
            sb.append(Integer.toHexString((p[i] & 0xff) << 8 | (p[i + 1] & 0xff)));
            if (i < 14) {
                sb.append(':');
            }
        }
        if (groupsEnd == 12) {
            sb.append(p[12] & 0xff).append('.').append(p[13] & 0xff).append('.')
                    .append(p[14] & 0xff).append('.').append(p[15] & 0xff);
        }
        return sb.toString();
    }
}
