package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParserIncludeTest {

    @TempDir
    Path tmp;

    /** The temp dir's real path, since included files are named by resolved path and TMPDIR may be a link. */
    private Path dir;

    @BeforeEach
    void realDir() throws IOException {
        dir = tmp.toRealPath();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static List<String> names(List<Directive> ds) {
        return ds.stream().map(Directive::name).toList();
    }

    private static ConfigException parseError(Path main) {
        try {
            Parser.parseFile(main);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void includeIsReplacedByTheIncludedDirectivesInPlace() throws IOException {
        write("mime.types", "types {\n  text/html html;\n}\n");
        Path main = write("nginx.conf", "http {\n  a 1;\n  include mime.types;\n  b 2;\n}\n");
        Directive http = Parser.parseFile(main).get(0);
        assertThat(names(http.block())).containsExactly("a", "types", "b");
        Directive types = http.block().get(1);
        assertThat(types.position()).isEqualTo(new Position(dir.resolve("mime.types").toString(), 1, 1));
        assertThat(types.block().get(0).position())
                .isEqualTo(new Position(dir.resolve("mime.types").toString(), 2, 3));
        assertThat(http.block().get(2).position()).isEqualTo(new Position(main.toString(), 4, 3));
    }

    @Test
    void globMatchesAreSortedByNameAndSkipHiddenAndOtherFiles() throws IOException {
        write("conf.d/b.conf", "b;");
        write("conf.d/a.conf", "a1; a2;");
        write("conf.d/c.txt", "txt;");
        write("conf.d/.hidden.conf", "hidden;");
        write("conf.d/10-z.conf", "ten;");
        Path main = write("nginx.conf", "include conf.d/*.conf;\n");
        List<Directive> ds = Parser.parseFile(main);
        assertThat(names(ds)).containsExactly("ten", "a1", "a2", "b");
        assertThat(ds.get(3).position()).isEqualTo(new Position(dir.resolve("conf.d/b.conf").toString(), 1, 1));
    }

    @Test
    void questionMarkAndBracketGlobs() throws IOException {
        write("s/x1.conf", "one;");
        write("s/x2.conf", "two;");
        write("s/x3.conf", "three;");
        write("s/x10.conf", "ten;");
        Path main = write("nginx.conf", "include s/x?.conf;\ninclude s/x[13].conf;\n");
        assertThat(names(Parser.parseFile(main))).containsExactly("one", "two", "three", "one", "three");
    }

    @Test
    void wildcardInADirectoryComponent() throws IOException {
        write("sites/a/site.conf", "a;");
        write("sites/b/site.conf", "b;");
        write("sites/c/other.conf", "c;");
        Path main = write("nginx.conf", "include sites/*/site.conf;");
        assertThat(names(Parser.parseFile(main))).containsExactly("a", "b");
    }

    @Test
    void globMatchingNothingIsFine() throws IOException {
        Path main = write("nginx.conf", "before;\ninclude nothing/*.conf;\nafter;\n");
        assertThat(names(Parser.parseFile(main))).containsExactly("before", "after");
    }

    @Test
    void relativeIncludesResolveAgainstTheMainFilesDirectoryNotTheIncludingFile() throws IOException {
        write("snippets/outer.conf", "outer;\ninclude inner.conf;\n");
        write("snippets/inner.conf", "wrong_inner;");
        write("inner.conf", "right_inner;");
        Path main = write("nginx.conf", "include snippets/outer.conf;");
        assertThat(names(Parser.parseFile(main))).containsExactly("outer", "right_inner");
    }

    @Test
    void absoluteIncludePath() throws IOException {
        Path other = write("elsewhere/x.conf", "x;");
        Path main = write("conf/nginx.conf", "include " + other + ";");
        assertThat(names(Parser.parseFile(main))).containsExactly("x");
    }

    @Test
    void quotedIncludePathWorks() throws IOException {
        write("my conf.conf", "spaced;");
        Path main = write("nginx.conf", "include 'my conf.conf';");
        assertThat(names(Parser.parseFile(main))).containsExactly("spaced");
    }

    @Test
    void missingPlainFileIsAnErrorAtTheInclude() throws IOException {
        Path main = write("nginx.conf", "http {\n    include missing.conf;\n}\n");
        ConfigException e = parseError(main);
        assertThat(e.problem())
                .isEqualTo("open() \"" + dir.resolve("missing.conf") + "\" failed (No such file or directory)");
        assertThat(e.position()).isEqualTo(new Position(main.toString(), 2, 5));
    }

    @Test
    void includeWithoutArgumentOrWithTwoIsAnError() throws IOException {
        ConfigException none = parseError(write("a.conf", "x;\ninclude;"));
        assertThat(none.problem()).isEqualTo("invalid number of arguments in \"include\" directive");
        assertThat(none.position()).isEqualTo(new Position(dir.resolve("a.conf").toString(), 2, 1));

        ConfigException two = parseError(write("b.conf", "  include a b;"));
        assertThat(two.problem()).isEqualTo("invalid number of arguments in \"include\" directive");
        assertThat(two.position()).isEqualTo(new Position(dir.resolve("b.conf").toString(), 1, 3));
    }

    @Test
    void includeWithABlockIsAnError() throws IOException {
        write("x.conf", "x;");
        ConfigException e = parseError(write("nginx.conf", "include x.conf { }"));
        assertThat(e.problem()).isEqualTo("directive \"include\" is not terminated by \";\"");
        assertThat(e.position()).isEqualTo(new Position(dir.resolve("nginx.conf").toString(), 1, 1));
    }

    @Test
    void includeCycleIsReported() throws IOException {
        Path a = write("a.conf", "include b.conf;\n");
        Path b = write("b.conf", "ok;\ninclude a.conf;\n");
        Path main = write("nginx.conf", "include a.conf;");
        ConfigException e = parseError(main);
        assertThat(e.problem()).isEqualTo("recursive include of \"" + a + "\"");
        assertThat(e.position()).isEqualTo(new Position(b.toString(), 2, 1));
        assertThat(e.hint()).isEqualTo("include chain: " + main + " -> " + a + " -> " + b + " -> " + a);
    }

    @Test
    void mainFileIncludingItselfThroughAGlobIsReported() throws IOException {
        Path main = write("nginx.conf", "include *.conf;");
        ConfigException e = parseError(main);
        assertThat(e.problem()).isEqualTo("recursive include of \"" + main + "\"");
        assertThat(e.position()).isEqualTo(new Position(main.toString(), 1, 1));
    }

    @Test
    void sameFileMayBeIncludedTwiceWhenNotNested() throws IOException {
        write("common.conf", "common;");
        Path main = write("nginx.conf", "a { include common.conf; }\nb { include common.conf; }");
        List<Directive> ds = Parser.parseFile(main);
        assertThat(names(ds.get(0).block())).containsExactly("common");
        assertThat(names(ds.get(1).block())).containsExactly("common");
    }

    @Test
    void includeDepthIsCapped() throws IOException {
        for (int i = 0; i < 80; i++) {
            write("chain/" + i + ".conf", "include chain/" + (i + 1) + ".conf;");
        }
        write("chain/80.conf", "end;");
        Path main = write("nginx.conf", "include chain/0.conf;");
        ConfigException e = parseError(main);
        assertThat(e.problem()).isEqualTo("too deeply nested include of \"" + dir.resolve("chain/63.conf")
                + "\" (limit 64 files)");
        assertThat(e.position()).isEqualTo(new Position(dir.resolve("chain/62.conf").toString(), 1, 1));
    }

    @Test
    void includedFileMustBalanceItsOwnBraces() throws IOException {
        Path half = write("half.conf", "server {\n  listen 80;\n");
        Path main = write("nginx.conf", "http {\n  include half.conf;\n}\n");
        ConfigException e = parseError(main);
        assertThat(e.problem()).isEqualTo("unexpected end of file, expecting \"}\"");
        assertThat(e.position()).isEqualTo(new Position(half.toString(), 3, 1));
    }

    @Test
    void closingBraceInIncludedFileCannotCloseTheIncludersBlock() throws IOException {
        Path closer = write("closer.conf", "x;\n}\n");
        Path main = write("nginx.conf", "http {\n  include closer.conf;\n");
        ConfigException e = parseError(main);
        assertThat(e.problem()).isEqualTo("unexpected \"}\"");
        assertThat(e.position()).isEqualTo(new Position(closer.toString(), 2, 1));
    }

    @Test
    void errorsInsideIncludedFilesNameThatFile() throws IOException {
        Path bad = write("bad.conf", "\n\n   a \"b\"c;");
        Path main = write("nginx.conf", "include bad.conf;");
        ConfigException e = parseError(main);
        assertThat(e.problem()).isEqualTo("unexpected \"c\"");
        assertThat(e.position()).isEqualTo(new Position(bad.toString(), 3, 9));
    }

    @Test
    void parseStringResolvesIncludesAgainstTheGivenBase() throws IOException {
        write("inc/one.conf", "one;");
        List<Directive> ds = Parser.parseString("include inc/*.conf; two;", "-g", dir);
        assertThat(names(ds)).containsExactly("one", "two");
        assertThat(ds.get(1).position()).isEqualTo(new Position("-g", 1, 21));
    }

    @Test
    void directoryMatchedByAGlobIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("d/sub.conf"));
        Path main = write("nginx.conf", "include d/*.conf;");
        ConfigException e = parseError(main);
        assertThat(e.problem()).isEqualTo("open() \"" + dir.resolve("d/sub.conf") + "\" failed (Is a directory)");
    }

    @Test
    void relativeMainPathStillResolvesIncludesNextToIt() throws IOException {
        write("rel/inc.conf", "inc;");
        write("rel/nginx.conf", "include inc.conf;");
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("rel/nginx.conf"));
        List<Directive> ds = Parser.parseFile(relative);
        assertThat(names(ds)).containsExactly("inc");
        assertThatThrownBy(() -> Parser.parseFile(relative.resolveSibling("gone.conf")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("open() \"" + relative.resolveSibling("gone.conf") + "\" failed (No such file or directory)");
    }
}
