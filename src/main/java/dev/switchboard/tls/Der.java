package dev.switchboard.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The few DER operations needed to wrap traditional PEM keys (PKCS#1 RSA, SEC1 EC) into PKCS#8, which is what the
 * JDK's key factories read: encode a tag-length-value, and find the curve OID inside a SEC1 key.
 */
final class Der {

    static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
            0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Der() {
    }

    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        byte[] content = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey. */
    static byte[] pkcs8FromPkcs1(byte[] pkcs1) {
        return tlv(0x30, new byte[]{0x02, 0x01, 0x00}, RSA_ALGORITHM, tlv(0x04, pkcs1));
    }

    /** PKCS#8 PrivateKeyInfo around a SEC1 ECPrivateKey that names its curve; null when it does not. */
    static byte[] pkcs8FromSec1(byte[] sec1) {
        byte[] curve = curveOid(sec1);
        if (curve == null) {
            return null;
        }
        return tlv(0x30, new byte[]{0x02, 0x01, 0x00}, tlv(0x30, EC_PUBLIC_KEY_OID, curve), tlv(0x04, sec1));
    }

    /** The OID (tag and all) inside the [0] parameters of an ECPrivateKey SEQUENCE. */
    private static byte[] curveOid(byte[] sec1) {
        int[] seq = header(sec1, 0);
        if (seq == null || sec1[0] != 0x30) {
            return null;
        }
        int p = seq[0];
        int end = seq[0] + seq[1];
        while (p < end) {
            int tag = sec1[p] & 0xff;
            int[] h = header(sec1, p);
            if (h == null) {
                return null;
            }
            if (tag == 0xa0) {
                int inner = h[0];
                int[] oid = header(sec1, inner);
                if (oid == null || sec1[inner] != 0x06) {
                    return null;
                }
                return Arrays.copyOfRange(sec1, inner, oid[0] + oid[1]);
            }
            p = h[0] + h[1];
        }
        return null;
    }

    /** {content offset, content length} of the element at {@code p}, or null if malformed. */
    private static int[] header(byte[] der, int p) {
        if (p + 2 > der.length) {
            return null;
        }
        int len = der[p + 1] & 0xff;
        int off = p + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3 || off + n > der.length) {
                return null;
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[off + i] & 0xff);
            }
            off += n;
        }
        return off + len > der.length ? null : new int[]{off, len};
    }
}
