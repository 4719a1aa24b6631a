package dev.switchboard.websocket;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigValues;
import dev.switchboard.config.Context;
import dev.switchboard.config.DirectiveSpec;
import dev.switchboard.config.model.SettingKey;

import java.util.List;

/** Specs of the WebSocket directives: inspection, keepalive pings and size limits (http, server, location). */
public final class WebSocketDirectives {

    private static final Context[] HSL = {Context.HTTP, Context.SERVER, Context.LOCATION};

    private WebSocketDirectives() {
    }

    public static List<DirectiveSpec> specs() {
        return List.of(
                DirectiveSpec.of("websocket_inspect", HSL).handle((d, scope, ctx) ->
                        scope.settings().put(WebSocketSettings.INSPECT, ConfigValues.flag(d.arg(0), d.name()))),
                timeOrOff("websocket_ping_interval", WebSocketSettings.PING_INTERVAL),
                DirectiveSpec.of("websocket_ping_timeout", HSL).handle((d, scope, ctx) -> {
                    long t = ConfigValues.timeMillis(d.arg(0), d.name());
                    if (t <= 0) {
                        throw new ConfigException("\"websocket_ping_timeout\" must be positive", d.arg(0).position());
                    }
                    scope.settings().put(WebSocketSettings.PING_TIMEOUT, t);
                }),
                sizeOrOff("websocket_max_frame_size", WebSocketSettings.MAX_FRAME_SIZE),
                sizeOrOff("websocket_max_message_size", WebSocketSettings.MAX_MESSAGE_SIZE),
                DirectiveSpec.of("websocket_allowed_origins", HSL).arity(dev.switchboard.config.Arity.ONE_OR_MORE)
                        .handle((d, scope, ctx) -> {
                            java.util.List<String> origins = new java.util.ArrayList<>();
                            for (dev.switchboard.config.Argument a : d.args()) {
                                String o = a.text();
                                if (!o.equals("*") && !o.matches("(?i)[a-z][a-z0-9+.-]*://(\\*\\.)?[^/*]+")) {
                                    throw new ConfigException("invalid origin \"" + o + "\"", a.position(),
                                            "write scheme://host[:port], optionally with a leading \"*.\" label");
                                }
                                origins.add(o);
                            }
                            scope.settings().put(WebSocketSettings.ALLOWED_ORIGINS, new OriginPolicy(origins));
                        }),
                DirectiveSpec.of("websocket_drain_timeout", Context.HTTP).handle((d, scope, ctx) ->
                        scope.settings().put(WebSocketSettings.DRAIN_TIMEOUT,
                                ConfigValues.timeMillis(d.arg(0), d.name()))));
    }

    private static DirectiveSpec timeOrOff(String name, SettingKey<Long> key) {
        return DirectiveSpec.of(name, HSL).handle((d, scope, ctx) -> scope.settings().put(key,
                d.arg(0).text().equals("off") ? 0L : ConfigValues.timeMillis(d.arg(0), d.name())));
    }

    private static DirectiveSpec sizeOrOff(String name, SettingKey<Long> key) {
        return DirectiveSpec.of(name, HSL).handle((d, scope, ctx) -> scope.settings().put(key,
                d.arg(0).text().equals("off") ? 0L : ConfigValues.size(d.arg(0), d.name())));
    }
}
