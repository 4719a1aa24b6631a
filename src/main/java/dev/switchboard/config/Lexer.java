package dev.switchboard.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits configuration text into {@link Token}s by the rules of nginx's {@code ngx_conf_read_token}
 * (src/core/ngx_conf_file.c), so that every file nginx accepts lexes to the same words and every file it
 * rejects fails here with the same message:
 * <ul>
 *   <li>words are separated by space, tab, CR and LF; {@code ;} and {@code {} also end a word;
 *       {@code }} ends nothing inside a word ({@code a}b} is one word);</li>
 *   <li>{@code #} starts a comment only where a word could start ({@code a#b} is one word);</li>
 *   <li>a word starting with {@code "} or {@code '} runs to the matching quote, and the next character must
 *       be whitespace, {@code ;}, {@code {} or {@code )}; a {@code )} there starts a new word, which is how
 *       {@code if ($a = 'b')} yields {@code )} as its own argument; a quote elsewhere is an ordinary character;</li>
 *   <li>a backslash always takes the next character into the word; afterwards {@code \" \' \\} become the
 *       character, {@code \t \r \n} the control character, and any other pair is kept as written;</li>
 *   <li>a {@code {} right after {@code $} belongs to the word ({@code ${host}}), in and out of quotes;</li>
 *   <li>{@code ;} or {@code {} with no word before it, and {@code }} after a word, are errors, as is the end
 *       of input inside a quote or a statement.</li>
 * </ul>
 * Positions are 1-based line and column of a token's first character; columns count code points.
 */
public final class Lexer {

    static final String UNEXPECTED_EOF = "unexpected end of file, expecting \";\" or \"}\"";

    private final String text;
    private final String source;
    private int pos;
    private int line = 1;
    private int column = 1;

    /** Words since the last {@code ;}, {@code {} or {@code }}: nginx judges those three by this count. */
    private int words;
    private String statementName;
    private Position statementStart;

    /**
     * @param text   the whole configuration text
     * @param source the file name (or other source label) to record in positions
     */
    public Lexer(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** Every token of {@code text}, ending with one {@link Token.Kind#EOF}. */
    public static List<Token> tokenize(String text, String source) {
        Lexer lexer = new Lexer(text, source);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != Token.Kind.EOF);
        return tokens;
    }

    /**
     * The next token; {@link Token.Kind#EOF} (repeatedly) once the input is exhausted.
     *
     * @throws ConfigException on a lexical error, positioned at the offending character
     */
    public Token next() {
        skipBlanksAndComments();
        Position here = position();
        if (atEnd()) {
            if (words > 0) {
                throw unterminatedStatement();
            }
            return new Token(Token.Kind.EOF, "", false, here);
        }
        char ch = peek();
        switch (ch) {
            case ';':
            case '{':
                if (words == 0) {
                    throw unexpected(ch, here);
                }
                advance();
                words = 0;
                return new Token(ch == ';' ? Token.Kind.SEMICOLON : Token.Kind.BLOCK_START,
                        String.valueOf(ch), false, here);
            case '}':
                if (words > 0) {
                    throw unexpected(ch, here);
                }
                advance();
                return new Token(Token.Kind.BLOCK_END, "}", false, here);
            case '"':
            case '\'':
                return word(readQuoted(here), true, here);
            default:
                return word(readBare(), false, here);
        }
    }

    private void skipBlanksAndComments() {
        while (!atEnd()) {
            char ch = peek();
            if (isBlank(ch)) {
                advance();
            } else if (ch == '#') {
                while (!atEnd() && peek() != '\n') {
                    advance();
                }
            } else {
                return;
            }
        }
    }

    private Token word(String raw, boolean quoted, Position at) {
        String text = unescape(raw);
        if (words++ == 0) {
            statementName = text;
            statementStart = at;
        }
        return new Token(Token.Kind.WORD, text, quoted, at);
    }

    /** Reads an unquoted word up to (not including) the blank, {@code ;} or {@code {} that ends it. */
    private String readBare() {
        StringBuilder raw = new StringBuilder();
        boolean variable = false;
        while (true) {
            if (atEnd()) {
                throw unterminatedStatement();
            }
            char ch = peek();
            if (ch == '{' && variable) {
                raw.append(advance());
                continue;
            }
            variable = false;
            if (ch == '\\') {
                raw.append(advance());
                if (atEnd()) {
                    throw unterminatedStatement();
                }
                raw.append(advance());
            } else if (ch == '$') {
                variable = true;
                raw.append(advance());
            } else if (isBlank(ch) || ch == ';' || ch == '{') {
                return raw.toString();
            } else {
                raw.append(advance());
            }
        }
    }

    /** Reads a quoted word including both quotes, and checks what follows the closing one. */
    private String readQuoted(Position opened) {
        char quote = advance();
        StringBuilder raw = new StringBuilder();
        boolean variable = false;
        while (true) {
            if (atEnd()) {
                throw new ConfigException(UNEXPECTED_EOF, position(),
                        "the " + quote + " quote opened at " + opened + " is not closed");
            }
            char ch = advance();
            if (ch == '{' && variable) {
                raw.append(ch);
                continue;
            }
            variable = false;
            if (ch == quote) {
                break;
            }
            raw.append(ch);
            if (ch == '\\') {
                if (atEnd()) {
                    continue;
                }
                raw.append(advance());
            } else if (ch == '$') {
                variable = true;
            }
        }
        if (!atEnd()) {
            char next = peek();
            // ')' is let through for "if ($a = 'b')"; the next call starts a new word with it.
            if (!isBlank(next) && next != ';' && next != '{' && next != ')') {
                throw unexpected(next, position());
            }
        }
        return raw.toString();
    }

    /**
     * Applies nginx's escapes to a word's raw text. The lexer has already paired every backslash with the
     * character after it, so a backslash is never last.
     */
    static String unescape(String raw) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(i + 1);
                switch (next) {
                    case '"', '\'', '\\' -> {
                        out.append(next);
                        i++;
                        continue;
                    }
                    case 't' -> {
                        out.append('\t');
                        i++;
                        continue;
                    }
                    case 'r' -> {
                        out.append('\r');
                        i++;
                        continue;
                    }
                    case 'n' -> {
                        out.append('\n');
                        i++;
                        continue;
                    }
                    default -> {
                        // nginx keeps an unknown escape as written: "\d" in a regex stays "\d".
                    }
                }
            }
            out.append(ch);
        }
        return out.toString();
    }

    private ConfigException unterminatedStatement() {
        String hint = statementStart == null || words == 0
                ? null
                : "the \"" + statementName + "\" directive at " + statementStart + " is not terminated";
        return new ConfigException(UNEXPECTED_EOF, position(), hint);
    }

    private static ConfigException unexpected(char ch, Position at) {
        return new ConfigException("unexpected \"" + ch + "\"", at);
    }

    private static boolean isBlank(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }

    private char advance() {
        char ch = text.charAt(pos++);
        if (ch == '\n') {
            line++;
            column = 1;
        } else if (!Character.isLowSurrogate(ch)) {
            column++;
        }
        return ch;
    }

    private Position position() {
        return new Position(source, line, column);
    }
}
