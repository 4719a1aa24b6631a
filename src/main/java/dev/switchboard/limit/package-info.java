/**
 * nginx's {@code limit_conn} and {@code limit_req} modules: zones keyed by a variable template, shared by all event
 * loops, checked after the location is chosen (nginx's preaccess phase) for HTTP requests and WebSocket handshakes.
 * A WebSocket tunnel holds its {@code limit_conn} slot for its whole life.
 */
package dev.switchboard.limit;
