package dev.switchboard.vars;

import dev.switchboard.config.Argument;
import dev.switchboard.config.Directive;
import dev.switchboard.config.Position;

import java.util.ArrayList;
import java.util.List;

/** Builds config records by hand, the way the parser would, for tests. */
final class Args {

    static final String FILE = "test.conf";

    private Args() {
    }

    static Position pos(int line, int column) {
        return new Position(FILE, line, column);
    }

    static Argument arg(String text) {
        return new Argument(text, false, pos(1, 1));
    }

    static Argument arg(String text, int line, int column) {
        return new Argument(text, false, pos(line, column));
    }

    static Argument quoted(String text, int line, int column) {
        return new Argument(text, true, pos(line, column));
    }

    /** Unquoted words on line 1, placed as if separated by single spaces starting at {@code column}. */
    static List<Argument> words(int column, String... texts) {
        List<Argument> list = new ArrayList<>();
        int col = column;
        for (String text : texts) {
            list.add(new Argument(text, false, pos(1, col)));
            col += text.length() + 1;
        }
        return list;
    }

    /** A simple directive on the given line: name at column 5, arguments after it. */
    static Directive directive(int line, String name, String... args) {
        List<Argument> list = new ArrayList<>();
        int col = 5 + name.length() + 1;
        for (String text : args) {
            list.add(new Argument(text, false, pos(line, col)));
            col += text.length() + 1;
        }
        return new Directive(name, list, null, pos(line, 5));
    }

    static Directive block(int line, String name, List<Directive> children, String... args) {
        Directive head = directive(line, name, args);
        return new Directive(name, head.args(), children, head.position());
    }
}
