package dev.switchboard.access;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One {@code allow} or {@code deny}: an address, a CIDR block or {@code all}. An IPv4-mapped IPv6 client address
 * is matched against IPv4 rules, as nginx does.
 */
record AddressRule(boolean allow, byte[] network, int prefixBits) {

    /** Parses {@code all}, {@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code 2001:db8::/32}; null if invalid. */
    static AddressRule parse(boolean allow, String text) {
        if (text.equals("all")) {
            return new AddressRule(allow, null, 0);
        }
        String addr = text;
        int bits = -1;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            addr = text.substring(0, slash);
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (addr.isEmpty() || !(addr.indexOf(':') >= 0 || addr.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            return null; // never a DNS lookup
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
        int max = bytes.length * 8;
        if (bits < 0) {
            bits = max;
        }
        if (bits > max) {
            return null;
        }
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            bytes[i] &= (byte) (0xFF00 >> keep);
        }
        return new AddressRule(allow, bytes, bits);
    }

    boolean matches(InetAddress client) {
        if (network == null) {
            return true;
        }
        byte[] a = client.getAddress();
        if (a.length == 16 && network.length == 4 && isV4Mapped(a)) {
            a = java.util.Arrays.copyOfRange(a, 12, 16);
        }
        if (a.length != network.length) {
            return false;
        }
        int bits = prefixBits;
        for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
            int mask = 0xFF00 >> Math.min(8, bits) & 0xFF;
            if ((a[i] & mask) != (network[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }
}
