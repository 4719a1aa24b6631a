package dev.switchboard.vars;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The file operators of the rewrite module's {@code if}: {@code -f} a regular file, {@code -d} a directory,
 * {@code -e} anything that exists, {@code -x} executable; symbolic links are followed, as nginx's stat() does.
 * These touch the file system, so like nginx's (uncached) tests they may block briefly.
 */
enum FileTest {
    PLAIN('f'),
    DIRECTORY('d'),
    EXISTS('e'),
    EXECUTABLE('x');

    private final char letter;

    FileTest(char letter) {
        this.letter = letter;
    }

    /** The test for an operator letter, or null. */
    static FileTest of(char letter) {
        for (FileTest test : values()) {
            if (test.letter == letter) {
                return test;
            }
        }
        return null;
    }

    boolean test(String file) {
        Path path;
        try {
            path = dev.switchboard.config.RawText.path(file);
        } catch (InvalidPathException e) {
            return false;
        }
        return switch (this) {
            case PLAIN -> Files.isRegularFile(path);
            case DIRECTORY -> Files.isDirectory(path);
            case EXISTS -> Files.exists(path);
            case EXECUTABLE -> Files.exists(path) && Files.isExecutable(path);
        };
    }
}
