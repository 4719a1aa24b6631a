package dev.switchboard.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a configuration file as text. nginx never decodes its configuration, it works on bytes; so a file
 * that is not valid UTF-8 must still load: it is read as Latin-1, which maps every byte to one character
 * and loses nothing.
 */
final class ConfigFileReader {

    private ConfigFileReader() {
    }

    /** The file's text, one char per byte ({@link RawText}), whatever its encoding: nginx reads bytes too. */
    static String read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "Is a directory");
        }
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    /** nginx's wording for a failed open: {@code open() "PATH" failed (No such file or directory)}. */
    static String openFailed(String name, IOException e) {
        return "open() \"" + name + "\" failed (" + reason(e) + ")";
    }

    /** The strerror-like reason for an I/O failure, as nginx would print it after the errno. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
