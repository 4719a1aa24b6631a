package dev.switchboard.tls;

import dev.switchboard.config.Argument;
import dev.switchboard.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The text behind a certificate or key argument: a file resolved against the main configuration file's directory
 * (nginx's conf prefix), or the value itself after
 * {@code data:} (nginx 1.15.10+). Errors name the argument's position, worded as nginx's.
 *
 * @param label   the path as written (or "data:...") for messages
 * @param text    the PEM text
 */
public record PemSource(String label, String text, Argument argument) {

    private static final String DATA = "data:";

    /** Reads what {@code arg} names; {@code what} is "certificate", "certificate key" or the like. */
    public static PemSource read(Argument arg, Path prefix, String what) {
        String value = arg.text();
        if (value.startsWith(DATA)) {
            return new PemSource("data:...", value.substring(DATA.length()), arg);
        }
        Path file = prefix.resolve(dev.switchboard.config.RawText.toUnicode(value)).normalize();
        try {
            return new PemSource(file.toString(), Files.readString(file, StandardCharsets.ISO_8859_1), arg);
        } catch (NoSuchFileException e) {
            throw new ConfigException("cannot load " + what + " \"" + file + "\": no such file", arg.position());
        } catch (IOException e) {
            throw new ConfigException("cannot load " + what + " \"" + file + "\": " + e.getMessage(),
                    arg.position());
        }
    }
}
