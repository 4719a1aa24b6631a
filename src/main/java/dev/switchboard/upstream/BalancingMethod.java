package dev.switchboard.upstream;

import dev.switchboard.vars.Template;

/**
 * The balancing directive of an upstream block: round robin (none given), {@code hash KEY [consistent]},
 * {@code ip_hash}, {@code least_conn}, {@code random} or {@code random two [least_conn]}. {@code key} is set for the hash methods only.
 */
public record BalancingMethod(Kind kind, Template key) {

    /** The methods nginx offers in open source. */
    public enum Kind {
        ROUND_ROBIN, HASH, CONSISTENT_HASH, IP_HASH, LEAST_CONN, RANDOM, RANDOM_TWO;

        /** Whether {@code server ... backup} is allowed (nginx: not with hash, ip_hash or random). */
        public boolean allowsBackup() {
            return this == ROUND_ROBIN || this == LEAST_CONN;
        }
    }

    public static final BalancingMethod ROUND_ROBIN = new BalancingMethod(Kind.ROUND_ROBIN, null);
}
