package dev.switchboard.config;

/**
 * The configuration contexts a directive may appear in, as nginx names them
 * ({@code NGX_MAIN_CONF}, {@code NGX_HTTP_SRV_CONF}, {@code NGX_HTTP_SIF_CONF} ...).
 */
public enum Context {
    MAIN("main"),
    EVENTS("events"),
    HTTP("http"),
    SERVER("server"),
    LOCATION("location"),
    /** An {@code if} block at server level. */
    SERVER_IF("if in server"),
    /** An {@code if} block inside a location. */
    LOCATION_IF("if in location"),
    UPSTREAM("upstream");

    private final String label;

    Context(String label) {
        this.label = label;
    }

    /** The context's name as it appears in error messages. */
    public String label() {
        return label;
    }

    /** True for the contexts whose settings belong to a location-level configuration. */
    public boolean isLocationLevel() {
        return this == LOCATION || this == LOCATION_IF || this == SERVER_IF;
    }
}
