package dev.switchboard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code switchboard -t}: nginx's messages and exit codes, and errors that point at file:line:col. */
class ConfigTestCommandTest {

    @TempDir
    Path dir;

    private record Result(int status, String stderr) {
    }

    private Result run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = Main.run(args);
            return new Result(status, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void validConfigIsSuccessful() throws Exception {
        Path conf = write("ok.conf", """
                events { worker_connections 1024; }
                http {
                  upstream socket.kevin { hash $remote_addr consistent; server 127.0.0.1:9000; server 127.0.0.1:9001; }
                  server { listen 8080; location / { proxy_pass http://socket.kevin/; } }
                }
                """);
        Result r = run("-t", "-c", conf.toString(), "-p", dir.toString());
        assertThat(r.status()).isZero();
        assertThat(r.stderr()).contains("the configuration file " + conf + " syntax is ok")
                .contains("configuration file " + conf + " test is successful");
    }

    @Test
    void nonAsciiConfigTextReadsAsWrittenInMessages() throws Exception {
        Path conf = write("utf8.conf", "http {\n  t\u00ebst on;\n}\n");
        Result r = run("-t", "-c", conf.toString(), "-p", dir.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderr()).contains("unknown directive \"t\u00ebst\" in " + conf + ":2:3");
    }

    @Test
    void proxyPassWithoutSchemeIsRejectedWithPositionAndHint() throws Exception {
        Path conf = write("guide.conf", """
                http {
                  upstream socket.kevin { server 127.0.0.1:9000; }
                  server {
                    listen 8080;
                    location / {
                      proxy_pass socket.kevin/;
                    }
                  }
                }
                """);
        Result r = run("-t", "-c", conf.toString(), "-p", dir.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderr()).contains("[emerg] invalid URL prefix in \"socket.kevin/\" in " + conf + ":6:18")
                .contains("did you mean \"http://socket.kevin/\"?")
                .contains("test failed");
    }

    @Test
    void unknownDirectiveGetsSuggestion() throws Exception {
        Path conf = write("typo.conf", "http {\n  server {\n    listen 8080;\n    proxy_read_timout 5s;\n  }\n}\n");
        Result r = run("-t", "-c", conf.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderr()).contains("unknown directive \"proxy_read_timout\" in " + conf + ":4:5")
                .contains("did you mean \"proxy_read_timeout\"?");
    }

    @Test
    void ignoredNginxDirectivesWarnOnce() throws Exception {
        Path conf = write("warn.conf", "http { sendfile on; server { listen 8080; } }\n");
        Result r = run("-t", "-c", conf.toString());
        assertThat(r.status()).isZero();
        assertThat(r.stderr()).contains("[warn] directive \"sendfile\" has no effect in switchboard and is ignored in "
                + conf + ":1:8");
    }

    @Test
    void missingFileFails() {
        Result r = run("-t", "-c", dir.resolve("nope.conf").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderr()).contains("nope.conf").contains("test failed");
    }

    @Test
    void dumpPrintsEveryFileReadIncludingIncludes() throws Exception {
        write("upstreams.conf", "upstream app { server 127.0.0.1:9000; }\n");
        Path conf = write("main.conf", "http {\n  include upstreams.conf;\n  server { listen 8080; }\n}\n");
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(run("-T", "-c", conf.toString()).status()).isZero();
        } finally {
            System.setOut(saved);
        }
        String dump = out.toString(StandardCharsets.UTF_8);
        assertThat(dump).contains("# configuration file " + conf + ":\nhttp {\n  include upstreams.conf;")
                .contains("upstreams.conf:\nupstream app { server 127.0.0.1:9000; }");
        assertThat(dump.indexOf("main.conf:")).isLessThan(dump.indexOf("upstreams.conf:\n"));
    }

    @Test
    void globalsFromCommandLineAreApplied() throws Exception {
        Path conf = write("g.conf", "http { server { listen 8080; } }\n");
        Result r = run("-t", "-c", conf.toString(), "-g", "worker_processes 3;");
        assertThat(r.status()).isZero();
        Result bad = run("-t", "-c", conf.toString(), "-g", "worker_processes many;");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.stderr()).contains("invalid value \"many\" in \"worker_processes\" directive in command line:1:18");
    }
}
