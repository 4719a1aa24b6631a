package dev.switchboard.websocket;

/** The RFC 6455 §7.4.1 close codes the proxy sends itself. */
public final class CloseCodes {

    private CloseCodes() {
    }

    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int INTERNAL_ERROR = 1011;
    /** RFC 6455 registry: "Bad Gateway" — the proxy's backend failed. */
    public static final int BAD_GATEWAY = 1014;
}
