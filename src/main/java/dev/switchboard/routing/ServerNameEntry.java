package dev.switchboard.routing;

import java.util.Objects;

/**
 * One name of a {@code server_name} directive, as written ({@code example.com}, {@code *.example.com},
 * {@code www.example.*}, {@code .example.com}, {@code ~regex}, or {@code ""}), and the server it names.
 * The compiler substitutes {@code $hostname} before building.
 */
public record ServerNameEntry<T>(String name, T target) {

    public ServerNameEntry {
        Objects.requireNonNull(name, "name");
    }
}
