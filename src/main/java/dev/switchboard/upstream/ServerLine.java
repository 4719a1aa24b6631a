package dev.switchboard.upstream;

import dev.switchboard.config.Position;

/**
 * One {@code server} line of an {@code upstream} block as written, before its name is resolved to addresses.
 *
 * @param address the address text ("10.0.0.1:8080", "backend.example.com"), which also keys the consistent-hash ring
 * @param resolve  {@code resolve}: the name is re-resolved at run time through the {@code resolver}
 */
public record ServerLine(String address, int weight, int maxFails, int failTimeoutSeconds, int maxConns,
                         boolean backup, boolean down, boolean resolve, Position position) {
}
