package dev.switchboard.upstream;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * What the hashing balancers need from a request, evaluated by the caller.
 *
 * @param hashKey       the evaluated {@code hash} key, or {@code null}. Its bytes are the ISO-8859-1
 *                      encoding of the string, i.e. the raw bytes received (nginx hashes variables such as
 *                      {@code $arg_k} without URL-decoding). Empty or {@code null} makes {@code hash} fall
 *                      back to round robin.
 * @param clientAddress the client address for {@code ip_hash} after realip/PROXY protocol, or {@code null}
 *                      for a non-IP client (unix socket), which nginx hashes as three zero bytes
 */
public record SelectionKey(String hashKey, InetAddress clientAddress) {

    private static final SelectionKey NONE = new SelectionKey(null, null);

    /** No key: for round robin and least_conn. */
    public static SelectionKey none() {
        return NONE;
    }

    public static SelectionKey ofHashKey(String hashKey) {
        return new SelectionKey(hashKey, null);
    }

    public static SelectionKey ofClient(InetAddress clientAddress) {
        return new SelectionKey(null, clientAddress);
    }

    public static SelectionKey of(String hashKey, InetAddress clientAddress) {
        return new SelectionKey(hashKey, clientAddress);
    }

    /** The key's bytes as nginx hashes them (ISO-8859-1); empty when there is no key. */
    byte[] hashKeyBytes() {
        return hashKey == null ? new byte[0] : hashKey.getBytes(StandardCharsets.ISO_8859_1);
    }
}
