package dev.switchboard.tls;

/** {@code ssl_verify_client}: whether and how strictly a client certificate is asked for. */
public enum ClientVerify {
    OFF, ON, OPTIONAL, OPTIONAL_NO_CA;

    static ClientVerify parse(String text) {
        return switch (text) {
            case "off" -> OFF;
            case "on" -> ON;
            case "optional" -> OPTIONAL;
            case "optional_no_ca" -> OPTIONAL_NO_CA;
            default -> null;
        };
    }
}
