package dev.switchboard.config;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the directive tree from {@link Lexer} tokens, the way nginx's {@code ngx_conf_parse} walks a file:
 * a statement is words ended by {@code ;} (a simple directive) or by {@code {} (a block directive whose
 * children run to the matching {@code }}). Whether a directive may or must have a block is the compiler's
 * business, not the parser's.
 *
 * <p>{@code include} is expanded here, wherever it appears: the directives of the included files take its
 * place. As in nginx, a relative include path resolves against the directory of the main configuration
 * file (the "conf prefix"), not against the including file; a glob may match nothing; a plain path must
 * exist. Each file must balance its own braces. Include cycles are reported instead of recursing forever.
 */
public final class Parser {

    /** How many files deep includes may nest, counting the main file. */
    static final int MAX_INCLUDE_DEPTH = 64;

    private final Path confPrefix;
    /** Real paths of the files being read, outermost first, to catch include cycles. */
    private final List<Path> including = new ArrayList<>();
    /** Every file read, in the order read, with its text (for {@code -T}). */
    private final java.util.Map<Path, String> read = new java.util.LinkedHashMap<>();

    private Parser(Path confPrefix) {
        this.confPrefix = confPrefix;
    }

    /**
     * Parses a main configuration file; positions name it as {@code file} is written.
     *
     * @throws ConfigException when the file cannot be read or is not well formed
     */
    public static List<Directive> parseFile(Path file) {
        return parseFile(file, null);
    }

    /**
     * Parses a main configuration file and reports every file read (the main one and each included one, in
     * order, with its text) to {@code files}, as {@code nginx -T} dumps them.
     */
    public static List<Directive> parseFile(Path file, java.util.Map<Path, String> files) {
        Path absolute = file.toAbsolutePath();
        Parser parser = new Parser(absolute.getParent() != null ? absolute.getParent() : absolute);
        String text;
        Path real;
        try {
            text = ConfigFileReader.read(file);
            real = file.toRealPath();
        } catch (IOException e) {
            throw new ConfigException(ConfigFileReader.openFailed(file.toString(), e), null);
        }
        parser.including.add(real);
        parser.read.put(file, text);
        List<Directive> result = parser.parseSource(text, file.toString());
        if (files != null) {
            files.putAll(parser.read);
        }
        return result;
    }

    /**
     * Parses configuration text that is not a file, such as {@code -g} directives or a test's input.
     *
     * @param sourceName  what positions call the text
     * @param includeBase directory that relative {@code include} paths resolve against; null for the
     *                    current directory
     */
    public static List<Directive> parseString(String text, String sourceName, Path includeBase) {
        Path base = (includeBase != null ? includeBase : Path.of("")).toAbsolutePath();
        return new Parser(base).parseSource(text, sourceName);
    }

    /** A block whose {@code }} has not been read yet. */
    private record OpenBlock(Token name, List<Argument> args, List<Directive> children) {
    }

    private List<Directive> parseSource(String text, String source) {
        Lexer lexer = new Lexer(text, source);
        List<Directive> top = new ArrayList<>();
        Deque<OpenBlock> open = new ArrayDeque<>();
        while (true) {
            Token token = lexer.next();
            List<Directive> current = open.isEmpty() ? top : open.peek().children();
            switch (token.kind()) {
                case EOF -> {
                    if (!open.isEmpty()) {
                        Token name = open.peek().name();
                        throw new ConfigException("unexpected end of file, expecting \"}\"", token.position(),
                                "the block of \"" + name.text() + "\" at " + name.position() + " is not closed");
                    }
                    return top;
                }
                case BLOCK_END -> {
                    if (open.isEmpty()) {
                        throw new ConfigException("unexpected \"}\"", token.position());
                    }
                    OpenBlock done = open.pop();
                    List<Directive> parent = open.isEmpty() ? top : open.peek().children();
                    parent.add(new Directive(done.name().text(), done.args(), done.children(),
                            done.name().position()));
                }
                case WORD -> {
                    List<Argument> args = new ArrayList<>();
                    Token end = lexer.next();
                    while (end.kind() == Token.Kind.WORD) {
                        args.add(end.toArgument());
                        end = lexer.next();
                    }
                    // The lexer ends a statement only with ';' or '{': it rejects '}' or EOF after a word.
                    boolean block = end.kind() == Token.Kind.BLOCK_START;
                    if (token.text().equals("include")) {
                        if (block) {
                            throw new ConfigException("directive \"include\" is not terminated by \";\"",
                                    token.position());
                        }
                        current.addAll(include(token, args));
                    } else if (block) {
                        open.push(new OpenBlock(token, args, new ArrayList<>()));
                    } else {
                        current.add(new Directive(token.text(), args, null, token.position()));
                    }
                }
                default -> throw new IllegalStateException("lexer returned " + token + " outside a statement");
            }
        }
    }

    private List<Directive> include(Token directive, List<Argument> args) {
        Position at = directive.position();
        if (args.size() != 1) {
            throw new ConfigException("invalid number of arguments in \"include\" directive", at);
        }
        String pattern = RawText.toUnicode(args.get(0).text());
        List<Path> files;
        try {
            files = IncludeResolver.isPattern(pattern)
                    ? IncludeResolver.expand(confPrefix, pattern)
                    : List.of(confPrefix.resolve(pattern));
        } catch (InvalidPathException e) {
            throw new ConfigException("invalid path \"" + pattern + "\" in \"include\" directive", at,
                    e.getReason());
        }
        List<Directive> directives = new ArrayList<>();
        for (Path file : files) {
            directives.addAll(parseIncluded(file, at));
        }
        return directives;
    }

    private List<Directive> parseIncluded(Path file, Position includeAt) {
        String name = file.toString();
        String text;
        Path real;
        try {
            real = file.toRealPath();
            text = ConfigFileReader.read(file);
        } catch (IOException e) {
            throw new ConfigException(ConfigFileReader.openFailed(name, e), includeAt);
        }
        if (including.contains(real)) {
            String chain = including.stream().map(Path::toString).collect(Collectors.joining(" -> "));
            throw new ConfigException("recursive include of \"" + name + "\"", includeAt,
                    "include chain: " + chain + " -> " + real);
        }
        if (including.size() >= MAX_INCLUDE_DEPTH) {
            throw new ConfigException("too deeply nested include of \"" + name + "\" (limit "
                    + MAX_INCLUDE_DEPTH + " files)", includeAt);
        }
        including.add(real);
        read.putIfAbsent(file, text);
        try {
            return parseSource(text, name);
        } finally {
            including.remove(including.size() - 1);
        }
    }
}
