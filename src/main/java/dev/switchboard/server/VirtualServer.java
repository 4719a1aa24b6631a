package dev.switchboard.server;

import dev.switchboard.config.model.ConfigBlock;
import dev.switchboard.routing.LocationMatcher;

import java.util.List;
import java.util.Map;

/**
 * One compiled {@code server} block: its names, its own level (answers when no location matches or a server-level
 * rewrite returns), its location tree, and the header limits its listeners apply.
 */
public record VirtualServer(List<String> names, LocationConf serverLevel, LocationMatcher<LocationConf> locations,
                            Map<ConfigBlock, LocationConf> levels, long clientHeaderTimeoutMillis,
                            int maxInitialLineLength, int maxHeaderSize) {

    /** {@code $server_name}: the first name. */
    public String primaryName() {
        return names.isEmpty() ? "" : names.get(0);
    }

    /** The compiled level of an {@code if} block or location. */
    public LocationConf level(ConfigBlock block) {
        return levels.get(block);
    }
}
