package dev.switchboard.upstream;

import dev.switchboard.vars.Template;

/**
 * The balancing directive of an upstream block: round robin (none given), {@code hash KEY [consistent]},
 * {@code ip_hash} or {@code least_conn}. {@code key} is set for the hash methods only.
 */
public record BalancingMethod(Kind kind, Template key) {

    /** The methods nginx offers in open source. */
    public enum Kind { ROUND_ROBIN, HASH, CONSISTENT_HASH, IP_HASH, LEAST_CONN }

    public static final BalancingMethod ROUND_ROBIN = new BalancingMethod(Kind.ROUND_ROBIN, null);
}
