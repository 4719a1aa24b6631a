/**
 * Active health checks of upstream peers: the {@code health_check} directive (nginx offers it only in its
 * commercial edition; the syntax here follows nginx Plus where both have the feature).
 *
 * <p>{@link dev.switchboard.upstream.health.HealthCheckDirectives} declares the directive and
 * {@link dev.switchboard.upstream.health.HealthCheckParser} turns it into a
 * {@link dev.switchboard.upstream.health.HealthCheckSpec}. At run time one
 * {@link dev.switchboard.upstream.health.GroupHealthCheck} per upstream group schedules rounds on one of the
 * shared event loops; each round runs a {@link dev.switchboard.upstream.health.PeerProbe} per peer (a Netty client
 * channel with an {@link dev.switchboard.upstream.health.HttpProbeHandler} or a
 * {@link dev.switchboard.upstream.health.WebSocketProbeHandler}), feeds the result to the peer's
 * {@link dev.switchboard.upstream.health.HealthState} and hands the verdict to the peer, whose unhealthy flag the
 * balancers' shared eligibility test reads. {@link dev.switchboard.upstream.health.HealthChecks} starts and stops
 * the checks of one configuration generation.
 *
 * <p>Threads: a group's probes, timers and states all live on its one event loop, so they need no locks; the only
 * shared write is the peer's verdict, under the group's lock. Nothing here runs on a proxied connection's path.
 */
package dev.switchboard.upstream.health;
