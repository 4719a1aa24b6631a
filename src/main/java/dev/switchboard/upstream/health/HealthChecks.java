package dev.switchboard.upstream.health;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;

import java.util.List;

/**
 * The active health checks of one configuration generation, one {@link GroupHealthCheck} per upstream with
 * {@code health_check}. Started with the proxy on its shared event loops (each group on one loop) and stopped when
 * the proxy closes (or, later, when a reload retires the generation).
 */
public final class HealthChecks implements AutoCloseable {

    /** A generation without any {@code health_check}. */
    public static final HealthChecks NONE = new HealthChecks(List.of());

    private final List<GroupHealthCheck> groups;

    public HealthChecks(List<GroupHealthCheck> groups) {
        this.groups = List.copyOf(groups);
    }

    public List<GroupHealthCheck> groups() {
        return groups;
    }

    /** Starts every group's checks, spreading the groups over the loops. Never blocks. */
    public void start(EventLoopGroup loops, Class<? extends Channel> socketChannelClass) {
        for (GroupHealthCheck g : groups) {
            g.start(loops.next(), socketChannelClass);
        }
    }

    @Override
    public void close() {
        for (GroupHealthCheck g : groups) {
            g.stop();
        }
    }
}
