package dev.switchboard.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * The TLS engine: OpenSSL (BoringSSL from netty-tcnative) when its native library loads, the JDK's otherwise.
 * Chosen once per process.
 */
public final class TlsEngine {

    private TlsEngine() {
    }

    public static boolean openSsl() {
        return OpenSsl.isAvailable();
    }

    static SslProvider provider() {
        return openSsl() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** A line for the start-up log: which engine and, for OpenSSL, which library version. */
    public static String describe() {
        if (openSsl()) {
            return "OpenSSL (" + OpenSsl.versionString() + ")";
        }
        Throwable cause = OpenSsl.unavailabilityCause();
        return "JDK (OpenSSL unavailable: " + (cause == null ? "unknown" : cause.getMessage()) + ")";
    }
}
