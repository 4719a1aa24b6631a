package dev.switchboard.upstream;

import java.util.Objects;

/** The part every balancing method shares: the {@link PeerGroup} it is bound to at config load. */
abstract class GroupBalancer implements Balancer {

    final PeerGroup group;

    GroupBalancer(PeerGroup group) {
        this.group = Objects.requireNonNull(group, "group");
    }

    @Override
    public final PeerGroup group() {
        return group;
    }
}
