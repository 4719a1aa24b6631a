package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParserTest {

    private static final String SRC = "t.conf";

    @TempDir
    Path dir;

    private static List<Directive> parse(String text) {
        return Parser.parseString(text, SRC, null);
    }

    private static Position at(int line, int column) {
        return new Position(SRC, line, column);
    }

    private static List<String> texts(Directive d) {
        return d.args().stream().map(Argument::text).toList();
    }

    @Test
    void simpleDirectivesHaveNoBlock() {
        List<Directive> ds = parse("worker_processes 4;\npid /run/x.pid;");
        assertThat(ds).hasSize(2);
        assertThat(ds.get(0)).isEqualTo(new Directive("worker_processes",
                List.of(new Argument("4", false, at(1, 18))), null, at(1, 1)));
        assertThat(ds.get(0).isBlock()).isFalse();
        assertThat(ds.get(1).name()).isEqualTo("pid");
        assertThat(ds.get(1).position()).isEqualTo(at(2, 1));
    }

    @Test
    void blocksNestAndKeepOrder() {
        List<Directive> ds = parse("""
                events {}
                http {
                    server {
                        listen 80;
                        location / { return 200 ok; }
                    }
                    server { listen 81; }
                }
                """);
        assertThat(ds).extracting(Directive::name).containsExactly("events", "http");
        Directive events = ds.get(0);
        assertThat(events.isBlock()).isTrue();
        assertThat(events.block()).isEmpty();
        assertThat(events.args()).isEmpty();

        Directive http = ds.get(1);
        assertThat(http.block()).extracting(Directive::name).containsExactly("server", "server");
        Directive server = http.block().get(0);
        assertThat(server.position()).isEqualTo(at(3, 5));
        assertThat(server.block()).extracting(Directive::name).containsExactly("listen", "location");
        Directive location = server.block().get(1);
        assertThat(texts(location)).containsExactly("/");
        assertThat(location.position()).isEqualTo(at(5, 9));
        Directive ret = location.block().get(0);
        assertThat(ret.name()).isEqualTo("return");
        assertThat(texts(ret)).containsExactly("200", "ok");
        assertThat(ret.isBlock()).isFalse();
        assertThat(ret.arg(1).position()).isEqualTo(at(5, 33));
        assertThat(texts(http.block().get(1).block().get(0))).containsExactly("81");
    }

    @Test
    void ifWithQuotedComparisonAndParenthesis() {
        Directive d = parse("if ($request_method = 'OPTIONS') { return 204; }").get(0);
        assertThat(d.name()).isEqualTo("if");
        assertThat(texts(d)).containsExactly("($request_method", "=", "OPTIONS", ")");
        assertThat(d.arg(2).quoted()).isTrue();
        assertThat(d.arg(3).quoted()).isFalse();
        assertThat(d.block()).hasSize(1);
        assertThat(d.block().get(0).name()).isEqualTo("return");
        assertThat(texts(d.block().get(0))).containsExactly("204");
    }

    @Test
    void mapWithEmptyQuotedKey() {
        Directive map = parse("map $http_upgrade $connection_upgrade {\n    default upgrade;\n    '' close;\n}").get(0);
        assertThat(texts(map)).containsExactly("$http_upgrade", "$connection_upgrade");
        assertThat(map.block()).hasSize(2);
        assertThat(map.block().get(0).name()).isEqualTo("default");
        assertThat(texts(map.block().get(0))).containsExactly("upgrade");
        Directive empty = map.block().get(1);
        assertThat(empty.name()).isEqualTo("");
        assertThat(empty.position()).isEqualTo(at(3, 5));
        assertThat(texts(empty)).containsExactly("close");
    }

    @Test
    void extraClosingBraceAtTopLevel() {
        assertThatThrownBy(() -> parse("http {\n}\n}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problem()).isEqualTo("unexpected \"}\"");
                    assertThat(e.position()).isEqualTo(at(3, 1));
                });
    }

    @Test
    void missingClosingBrace() {
        assertThatThrownBy(() -> parse("http {\n  server {\n    listen 80;\n  }\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problem()).isEqualTo("unexpected end of file, expecting \"}\"");
                    assertThat(e.position()).isEqualTo(at(5, 1));
                    assertThat(e.hint()).isEqualTo("the block of \"http\" at t.conf:1:1 is not closed");
                    assertThat(e.getMessage()).isEqualTo("unexpected end of file, expecting \"}\" in t.conf:5:1"
                            + " (the block of \"http\" at t.conf:1:1 is not closed)");
                });
    }

    @Test
    void lexicalErrorsPropagate() {
        assertThatThrownBy(() -> parse("http { listen 80 }"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problem()).isEqualTo("unexpected \"}\"");
                    assertThat(e.position()).isEqualTo(at(1, 18));
                });
    }

    @Test
    void deepNestingDoesNotOverflowTheStack() {
        int depth = 20_000;
        String text = "a {".repeat(depth) + "}".repeat(depth);
        Directive d = parse(text).get(0);
        int levels = 1;
        while (!d.block().isEmpty()) {
            d = d.block().get(0);
            levels++;
        }
        assertThat(levels).isEqualTo(depth);
    }

    @Test
    void parseFileNamesTheFileAsGiven() throws Exception {
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, "user nobody;\n");
        Directive d = Parser.parseFile(file).get(0);
        assertThat(d.position()).isEqualTo(new Position(file.toString(), 1, 1));
        assertThat(d.arg(0).position().file()).isEqualTo(file.toString());
    }

    @Test
    void missingMainFileIsAnErrorWithPathAndReason() {
        Path file = dir.resolve("nope.conf");
        assertThatThrownBy(() -> Parser.parseFile(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problem()).isEqualTo("open() \"" + file + "\" failed (No such file or directory)");
                    assertThat(e.position()).isNull();
                });
    }

    @Test
    void directoryAsMainFileIsAnError() {
        assertThatThrownBy(() -> Parser.parseFile(dir))
                .isInstanceOfSatisfying(ConfigException.class, e ->
                        assertThat(e.problem()).isEqualTo("open() \"" + dir + "\" failed (Is a directory)"));
    }

    @Test
    void utf8TextKeepsItsBytes() throws Exception {
        Path file = dir.resolve("u.conf");
        Files.write(file, "add_header X \"h\u00e9llo \u2603\";\n".getBytes(StandardCharsets.UTF_8));
        String text = Parser.parseFile(file).get(0).arg(1).text();
        assertThat(text).isEqualTo(RawText.fromUnicode("h\u00e9llo \u2603"));
        assertThat(RawText.toUnicode(text)).isEqualTo("h\u00e9llo \u2603");
    }

    @Test
    void invalidUtf8DoesNotCrashAndKeepsEveryByte() throws Exception {
        Path file = dir.resolve("latin.conf");
        byte[] bytes = {'#', ' ', (byte) 0xff, '\n', 'a', ' ', 'x', (byte) 0xe9, 'y', ';', '\n'};
        Files.write(file, bytes);
        List<Directive> ds = Parser.parseFile(file);
        assertThat(ds).hasSize(1);
        assertThat(ds.get(0).arg(0).text()).isEqualTo("x\u00e9y");
        assertThat(ds.get(0).position()).isEqualTo(new Position(file.toString(), 2, 1));
    }
}
