package dev.switchboard.routing;

/**
 * A routing table that nginx would refuse to load. The message reads like nginx's ({@code duplicate location "/x"});
 * {@link #rule()} or {@link #serverName()} is the offending input, so the compiler can add its file:line:col.
 */
public final class RoutingException extends IllegalArgumentException {

    private final transient LocationRule<?> rule;
    private final transient ServerNameEntry<?> serverName;

    public RoutingException(String message, LocationRule<?> rule) {
        super(message);
        this.rule = rule;
        this.serverName = null;
    }

    public RoutingException(String message, ServerNameEntry<?> serverName) {
        super(message);
        this.rule = null;
        this.serverName = serverName;
    }

    /** The location rule at fault, or null when the error is about a server name. */
    public LocationRule<?> rule() {
        return rule;
    }

    /** The server name entry at fault, or null when the error is about a location. */
    public ServerNameEntry<?> serverName() {
        return serverName;
    }
}
