package dev.switchboard.websocket;

import dev.switchboard.config.model.SettingKey;

/** Settings keys of the WebSocket directives (Switchboard's own, in nginx's style), with their defaults. */
public final class WebSocketSettings {

    private WebSocketSettings() {
    }

    /** {@code websocket_inspect on|off}: follow frames (on) or relay opaque bytes like nginx (off). */
    public static final SettingKey<Boolean> INSPECT = SettingKey.inherited("websocket_inspect", true);
    /** {@code websocket_ping_interval}: ping a side quiet this long; 0 (off) by default, as nginx never pings. */
    public static final SettingKey<Long> PING_INTERVAL = SettingKey.inherited("websocket_ping_interval", 0L);
    /** {@code websocket_ping_timeout}: a side that has not answered a ping this long is dead. */
    public static final SettingKey<Long> PING_TIMEOUT = SettingKey.inherited("websocket_ping_timeout", 10_000L);
    /** {@code websocket_max_frame_size}: largest data frame payload; 0 is unlimited. */
    public static final SettingKey<Long> MAX_FRAME_SIZE = SettingKey.inherited("websocket_max_frame_size", 0L);
    /** {@code websocket_max_message_size}: largest message; 0 is unlimited. */
    public static final SettingKey<Long> MAX_MESSAGE_SIZE = SettingKey.inherited("websocket_max_message_size", 0L);

    /** {@code websocket_drain_timeout} (http level): the window over which open WebSockets are closed on quit. */
    public static final SettingKey<Long> DRAIN_TIMEOUT = SettingKey.inherited("websocket_drain_timeout", 10_000L);

    /** {@code websocket_allowed_origins}: null (any origin, as nginx) unless configured. */
    public static final SettingKey<OriginPolicy> ALLOWED_ORIGINS = SettingKey.inherited("websocket_allowed_origins",
            null);
}
