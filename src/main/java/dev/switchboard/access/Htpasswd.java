package dev.switchboard.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Password checks for {@code auth_basic_user_file} in the htpasswd formats nginx accepts: {@code {PLAIN}},
 * {@code {SHA}} (base64 SHA-1), {@code {SSHA}} (base64 SHA-1 of password+salt, then the salt), Apache's
 * {@code $apr1$} MD5 and crypt(3)'s {@code $1$} MD5 (the same algorithm with another magic). Not supported (the
 * password never matches and a warning names the user at load): traditional DES crypt, {@code $5$}/{@code $6$}
 * SHA-crypt and bcrypt ({@code $2y$}).
 */
final class Htpasswd {

    private Htpasswd() {
    }

    /** Whether {@code stored} is a hash this class can verify. */
    static boolean supported(String stored) {
        return stored.startsWith("{PLAIN}") || stored.startsWith("{SHA}") || stored.startsWith("{SSHA}")
                || stored.startsWith("$apr1$") || stored.startsWith("$1$");
    }

    static boolean verify(String password, String stored) {
        byte[] pw = password.getBytes(StandardCharsets.ISO_8859_1);
        if (stored.startsWith("{PLAIN}")) {
            return MessageDigest.isEqual(pw, stored.substring(7).getBytes(StandardCharsets.ISO_8859_1));
        }
        if (stored.startsWith("{SHA}")) {
            return MessageDigest.isEqual(digest("SHA-1", pw), decode(stored.substring(5)));
        }
        if (stored.startsWith("{SSHA}")) {
            byte[] raw = decode(stored.substring(6));
            if (raw.length <= 20) {
                return false;
            }
            byte[] salt = Arrays.copyOfRange(raw, 20, raw.length);
            byte[] withSalt = new byte[pw.length + salt.length];
            System.arraycopy(pw, 0, withSalt, 0, pw.length);
            System.arraycopy(salt, 0, withSalt, pw.length, salt.length);
            return MessageDigest.isEqual(digest("SHA-1", withSalt), Arrays.copyOf(raw, 20));
        }
        if (stored.startsWith("$apr1$") || stored.startsWith("$1$")) {
            String magic = stored.startsWith("$apr1$") ? "$apr1$" : "$1$";
            String rest = stored.substring(magic.length());
            int end = rest.indexOf('$');
            String salt = end < 0 ? rest : rest.substring(0, end);
            return MessageDigest.isEqual(md5Crypt(pw, salt, magic).getBytes(StandardCharsets.ISO_8859_1),
                    stored.getBytes(StandardCharsets.ISO_8859_1));
        }
        return false;
    }

    private static byte[] decode(String b64) {
        try {
            return Base64.getDecoder().decode(b64.trim());
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** Poul-Henning Kamp's MD5-crypt, as in nginx's ngx_crypt_apr1 and glibc's $1$. */
    static String md5Crypt(byte[] pw, String saltText, String magic) {
        if (saltText.length() > 8) {
            saltText = saltText.substring(0, 8);
        }
        byte[] salt = saltText.getBytes(StandardCharsets.ISO_8859_1);
        MessageDigest ctx = md5();
        ctx.update(pw);
        ctx.update(magic.getBytes(StandardCharsets.ISO_8859_1));
        ctx.update(salt);
        MessageDigest ctx1 = md5();
        ctx1.update(pw);
        ctx1.update(salt);
        ctx1.update(pw);
        byte[] fin = ctx1.digest();
        for (int n = pw.length; n > 0; n -= 16) {
            ctx.update(fin, 0, Math.min(n, 16));
        }
        for (int i = pw.length; i != 0; i >>>= 1) {
            if ((i & 1) != 0) {
                ctx.update((byte) 0);
            } else {
                ctx.update(pw.length > 0 ? pw[0] : 0);
            }
        }
        fin = ctx.digest();
        for (int i = 0; i < 1000; i++) {
            MessageDigest c = md5();
            if ((i & 1) != 0) {
                c.update(pw);
            } else {
                c.update(fin, 0, 16);
            }
            if (i % 3 != 0) {
                c.update(salt);
            }
            if (i % 7 != 0) {
                c.update(pw);
            }
            if ((i & 1) != 0) {
                c.update(fin, 0, 16);
            } else {
                c.update(pw);
            }
            fin = c.digest();
        }
        StringBuilder out = new StringBuilder(magic).append(saltText).append('$');
        to64(out, (fin[0] & 0xff) << 16 | (fin[6] & 0xff) << 8 | (fin[12] & 0xff), 4);
        to64(out, (fin[1] & 0xff) << 16 | (fin[7] & 0xff) << 8 | (fin[13] & 0xff), 4);
        to64(out, (fin[2] & 0xff) << 16 | (fin[8] & 0xff) << 8 | (fin[14] & 0xff), 4);
        to64(out, (fin[3] & 0xff) << 16 | (fin[9] & 0xff) << 8 | (fin[15] & 0xff), 4);
        to64(out, (fin[4] & 0xff) << 16 | (fin[10] & 0xff) << 8 | (fin[5] & 0xff), 4);
        to64(out, fin[11] & 0xff, 2);
        return out.toString();
    }

    private static void to64(StringBuilder out, int v, int n) {
        while (--n >= 0) {
            out.append(ITOA64.charAt(v & 0x3f));
            v >>>= 6;
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
