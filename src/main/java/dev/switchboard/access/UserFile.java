package dev.switchboard.access;

import dev.switchboard.config.Position;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An htpasswd file ({@code user:hash} lines, {@code #} comments). nginx reads the file on every request; here it is
 * read at load and read again when its modification time changes (checked at most once a second), so edits apply
 * without a reload and the event loop does not read the file per request.
 */
final class UserFile {

    private static final Logger log = LoggerFactory.getLogger(UserFile.class);

    private final Path path;
    private volatile Map<String, String> users;
    private volatile long modified;
    private volatile long checkedMillis;

    private UserFile(Path path) {
        this.path = path;
    }

    static UserFile of(Path path, BiConsumer<String, Position> warn, Position where) {
        UserFile f = new UserFile(path);
        f.load();
        if (f.users == null) {
            warn.accept("auth_basic_user_file \"" + path + "\" cannot be read now; requests will get 500 until it "
                    + "can", where);
        } else {
            f.users.forEach((user, hash) -> {
                if (!Htpasswd.supported(hash)) {
                    warn.accept("the password of user \"" + user + "\" in \"" + path + "\" uses a crypt(3) scheme "
                            + "switchboard does not support ({PLAIN}, {SHA}, {SSHA}, $apr1$ and $1$ are); "
                            + "it will never match", where);
                }
            });
        }
        return f;
    }

    Path path() {
        return path;
    }

    /** The stored hash of {@code user}; null when absent; throws when the file cannot be read. */
    String hashOf(String user) throws IOException {
        long now = System.currentTimeMillis();
        if (now - checkedMillis >= 1000) {
            checkedMillis = now;
            try {
                if (Files.getLastModifiedTime(path).toMillis() != modified || users == null) {
                    load();
                }
            } catch (IOException e) {
                users = null;
            }
        }
        Map<String, String> u = users;
        if (u == null) {
            throw new IOException("open() \"" + path + "\" failed");
        }
        return u.get(user);
    }

    private void load() {
        try {
            long m = Files.getLastModifiedTime(path).toMillis();
            Map<String, String> map = new HashMap<>();
            for (String line : Files.readAllLines(path, StandardCharsets.ISO_8859_1)) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String hash = line.substring(colon + 1);
                int extra = hash.indexOf(':');
                map.put(line.substring(0, colon), extra >= 0 ? hash.substring(0, extra) : hash.strip());
            }
            users = map;
            modified = m;
        } catch (IOException e) {
            log.error("open() \"{}\" failed ({})", path, e.getMessage());
            users = null;
        }
    }
}
