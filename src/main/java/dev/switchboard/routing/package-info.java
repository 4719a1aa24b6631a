/**
 * Request routing exactly as nginx does it: {@link dev.switchboard.routing.HostNormalizer} cleans the Host,
 * {@link dev.switchboard.routing.ServerNameMatcher} picks the server block by name, and
 * {@link dev.switchboard.routing.LocationMatcher} picks the location by URI. Pure logic, generic over the
 * payload the compiler attaches, no Netty.
 */
package dev.switchboard.routing;
