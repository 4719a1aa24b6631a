package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.Token.Kind;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LexerTest {

    private static final String SRC = "t.conf";

    private static List<Token> lex(String text) {
        return Lexer.tokenize(text, SRC);
    }

    /** Tokens in a compact form: words as their text, punctuation as itself, EOF as "$EOF". */
    private static List<String> shape(String text) {
        return lex(text).stream()
                .map(t -> switch (t.kind()) {
                    case WORD -> t.text();
                    case EOF -> "$EOF";
                    default -> t.text();
                })
                .collect(Collectors.toList());
    }

    private static ConfigException error(String text) {
        try {
            lex(text);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for: " + text);
    }

    private static Position at(int line, int column) {
        return new Position(SRC, line, column);
    }

    @Test
    void simpleDirectiveWithPositions() {
        assertThat(lex("listen 80;")).containsExactly(
                new Token(Kind.WORD, "listen", false, at(1, 1)),
                new Token(Kind.WORD, "80", false, at(1, 8)),
                new Token(Kind.SEMICOLON, ";", false, at(1, 10)),
                new Token(Kind.EOF, "", false, at(1, 11)));
    }

    @Test
    void spaceTabCrLfAllSeparateAndCountLinesOnLf() {
        List<Token> tokens = lex("a\tb\r\n c\n\n  d;");
        assertThat(tokens).extracting(Token::text).containsExactly("a", "b", "c", "d", ";", "");
        assertThat(tokens).extracting(Token::position)
                .containsExactly(at(1, 1), at(1, 3), at(2, 2), at(4, 3), at(4, 4), at(4, 5));
    }

    @Test
    void otherControlCharactersArePartOfWords() {
        assertThat(shape("a\fb\u000Bc;")).containsExactly("a\fb\u000Bc", ";", "$EOF");
    }

    @Test
    void semicolonAndOpeningBraceEndAWord() {
        assertThat(shape("a;b;")).containsExactly("a", ";", "b", ";", "$EOF");
        assertThat(shape("location /x{}")).containsExactly("location", "/x", "{", "}", "$EOF");
    }

    @Test
    void closingBraceInsideAWordIsAnOrdinaryCharacter() {
        assertThat(shape("return 200 a}b;")).containsExactly("return", "200", "a}b", ";", "$EOF");
    }

    @Test
    void nestedBlocks() {
        assertThat(lex("http {\n  server { }\n}")).extracting(Token::kind).containsExactly(
                Kind.WORD, Kind.BLOCK_START, Kind.WORD, Kind.BLOCK_START, Kind.BLOCK_END, Kind.BLOCK_END,
                Kind.EOF);
    }

    @Test
    void emptyInputIsJustEof() {
        assertThat(lex("")).containsExactly(new Token(Kind.EOF, "", false, at(1, 1)));
        assertThat(lex("  \n# only a comment")).extracting(Token::kind).containsExactly(Kind.EOF);
    }

    @Test
    void nextKeepsReturningEofAtTheEnd() {
        Lexer lexer = new Lexer("a;", SRC);
        lexer.next();
        lexer.next();
        assertThat(lexer.next().kind()).isEqualTo(Kind.EOF);
        assertThat(lexer.next().kind()).isEqualTo(Kind.EOF);
    }

    @Test
    void columnsCountCodePoints() {
        List<Token> tokens = lex("\uD83D\uDE00 x;");
        assertThat(tokens.get(0).text()).isEqualTo("\uD83D\uDE00");
        assertThat(tokens.get(1).position()).isEqualTo(at(1, 3));
    }

    @Test
    void commentRunsToEndOfLine() {
        assertThat(shape("# top\nlisten 80; # trailing ; { }\nroot /x;"))
                .containsExactly("listen", "80", ";", "root", "/x", ";", "$EOF");
    }

    @Test
    void commentMayInterruptAStatement() {
        List<Token> tokens = lex("listen # the port\n  80;");
        assertThat(tokens).extracting(Token::text).containsExactly("listen", "80", ";", "");
        assertThat(tokens.get(1).position()).isEqualTo(at(2, 3));
    }

    @Test
    void hashInsideAWordIsNotAComment() {
        assertThat(shape("a#b c;")).containsExactly("a#b", "c", ";", "$EOF");
    }

    @Test
    void hashInsideQuotesIsNotAComment() {
        assertThat(shape("a '#b';")).containsExactly("a", "#b", ";", "$EOF");
    }

    @Test
    void hashRightAfterAClosingQuoteIsAnError() {
        ConfigException e = error("a \"b\"# c\n;");
        assertThat(e.problem()).isEqualTo("unexpected \"#\"");
        assertThat(e.position()).isEqualTo(at(1, 6));
    }

    @Test
    void doubleQuotedWordKeepsSpacesAndStartsAtTheQuote() {
        List<Token> tokens = lex("add_header X \"a b; {c}\";");
        assertThat(tokens.get(2)).isEqualTo(new Token(Kind.WORD, "a b; {c}", true, at(1, 14)));
        assertThat(tokens.get(3).kind()).isEqualTo(Kind.SEMICOLON);
    }

    @Test
    void singleQuotedWord() {
        assertThat(lex("a 'x \"y\" z';").get(1)).isEqualTo(new Token(Kind.WORD, "x \"y\" z", true, at(1, 3)));
    }

    @Test
    void emptyQuotedStringIsAWord() {
        List<Token> tokens = lex("'' close;");
        assertThat(tokens.get(0)).isEqualTo(new Token(Kind.WORD, "", true, at(1, 1)));
        assertThat(lex("a \"\";").get(1)).isEqualTo(new Token(Kind.WORD, "", true, at(1, 3)));
    }

    @Test
    void quotedWordMaySpanLines() {
        List<Token> tokens = lex("a 'x\ny' c;");
        assertThat(tokens.get(1).text()).isEqualTo("x\ny");
        assertThat(tokens.get(2).position()).isEqualTo(at(2, 4));
    }

    @Test
    void unquotedWordsAreNotMarkedQuoted() {
        assertThat(lex("a;").get(0).quoted()).isFalse();
    }

    @Test
    void quoteInsideAnUnquotedWordIsAnOrdinaryCharacter() {
        List<Token> tokens = lex("sub_filter a\"b c\";");
        assertThat(tokens).extracting(Token::text).containsExactly("sub_filter", "a\"b", "c\"", ";", "");
        assertThat(tokens.get(1).quoted()).isFalse();
    }

    @Test
    void closingQuoteMayBeFollowedBySemicolonBraceOrBlank() {
        assertThat(shape("a 'b';")).containsExactly("a", "b", ";", "$EOF");
        assertThat(shape("a 'b'{}")).containsExactly("a", "b", "{", "}", "$EOF");
        assertThat(shape("a 'b'\tc;")).containsExactly("a", "b", "c", ";", "$EOF");
    }

    @Test
    void otherCharacterAfterClosingQuoteIsAnError() {
        ConfigException e = error("return 200 \"ok\"x;");
        assertThat(e.problem()).isEqualTo("unexpected \"x\"");
        assertThat(e.position()).isEqualTo(at(1, 16));
        assertThat(e.getMessage()).isEqualTo("unexpected \"x\" in t.conf:1:16");
    }

    @Test
    void twoAdjacentQuotedStringsAreAnError() {
        ConfigException e = error("a 'b''c';");
        assertThat(e.problem()).isEqualTo("unexpected \"'\"");
        assertThat(e.position()).isEqualTo(at(1, 6));
    }

    @Test
    void closingBraceRightAfterAQuoteIsAnError() {
        ConfigException e = error("s {\n  a 'b'}");
        assertThat(e.problem()).isEqualTo("unexpected \"}\"");
        assertThat(e.position()).isEqualTo(at(2, 8));
    }

    @Test
    void parenthesisAfterClosingQuoteStartsItsOwnWord() {
        List<Token> tokens = lex("if ($request_method = 'OPTIONS') { return 204; }");
        assertThat(tokens).extracting(Token::text).containsExactly(
                "if", "($request_method", "=", "OPTIONS", ")", "{", "return", "204", ";", "}", "");
        assertThat(tokens.get(3)).isEqualTo(new Token(Kind.WORD, "OPTIONS", true, at(1, 23)));
        assertThat(tokens.get(4)).isEqualTo(new Token(Kind.WORD, ")", false, at(1, 32)));
        assertThat(tokens.get(5).kind()).isEqualTo(Kind.BLOCK_START);
    }

    @Test
    void parenthesisAfterQuoteDirectlyFollowedByBrace() {
        assertThat(shape("if ($a = \"b\"){}")).containsExactly("if", "($a", "=", "b", ")", "{", "}", "$EOF");
    }

    @Test
    void parenthesisAfterQuoteRunsOnLikeAnyWord() {
        // nginx starts an ordinary word at the ')', so whatever follows up to a separator joins it.
        assertThat(shape("a 'b')c;")).containsExactly("a", "b", ")c", ";", "$EOF");
    }

    @Test
    void unclosedQuoteIsUnexpectedEndOfFileWithHint() {
        ConfigException e = error("root 'x;\nlisten 80;\n");
        assertThat(e.problem()).isEqualTo("unexpected end of file, expecting \";\" or \"}\"");
        assertThat(e.position()).isEqualTo(at(3, 1));
        assertThat(e.hint()).isEqualTo("the ' quote opened at t.conf:1:6 is not closed");
    }

    @Test
    void quoteAndBackslashEscapesBecomeTheCharacter() {
        assertThat(lex("a \"x\\\"y\";").get(1).text()).isEqualTo("x\"y");
        assertThat(lex("a 'it\\'s';").get(1).text()).isEqualTo("it's");
        assertThat(lex("a 'x\\\\';").get(1).text()).isEqualTo("x\\");
    }

    @Test
    void controlEscapesBecomeControlCharacters() {
        assertThat(lex("a \"1\\t2\\r3\\n4\";").get(1).text()).isEqualTo("1\t2\r3\n4");
    }

    @Test
    void otherEscapesAreKeptAsWritten() {
        assertThat(lex("location ~ \"^/\\d+\\.png$\";").get(2).text()).isEqualTo("^/\\d+\\.png$");
        assertThat(lex("a \\x;").get(1).text()).isEqualTo("\\x");
    }

    @Test
    void escapesApplyInUnquotedWordsToo() {
        assertThat(lex("a x\\\"y\\\\z\\n;").get(1).text()).isEqualTo("x\"y\\z\n");
    }

    @Test
    void escapedSeparatorDoesNotEndAnUnquotedWord() {
        List<Token> tokens = lex("set $x a\\;b\\ c;");
        assertThat(tokens).extracting(Token::text).containsExactly("set", "$x", "a\\;b\\ c", ";", "");
    }

    @Test
    void escapedQuoteAtWordStartDoesNotOpenAQuote() {
        Token t = lex("a \\\"b c;").get(1);
        assertThat(t.text()).isEqualTo("\"b");
        assertThat(t.quoted()).isFalse();
    }

    @Test
    void escapedQuoteDoesNotCloseAQuotedWord() {
        assertThat(lex("a 'x\\' y';").get(1).text()).isEqualTo("x' y");
    }

    @Test
    void escapedBraceAtWordStartIsAWord() {
        assertThat(shape("a \\{;")).containsExactly("a", "\\{", ";", "$EOF");
    }

    @Test
    void backslashAtEndOfInputIsUnexpectedEnd() {
        ConfigException e = error("a b\\");
        assertThat(e.problem()).isEqualTo("unexpected end of file, expecting \";\" or \"}\"");
        assertThat(e.position()).isEqualTo(at(1, 5));
    }

    @Test
    void bracedVariableInsideAWordDoesNotOpenABlock() {
        assertThat(shape("proxy_pass http://${up}/x;")).containsExactly("proxy_pass", "http://${up}/x", ";", "$EOF");
    }

    @Test
    void bracedVariableAtWordStart() {
        assertThat(shape("return 200 ${host}x;")).containsExactly("return", "200", "${host}x", ";", "$EOF");
    }

    @Test
    void bracedVariableInQuotes() {
        assertThat(lex("a \"${a}-${b}\";").get(1).text()).isEqualTo("${a}-${b}");
    }

    @Test
    void braceAfterAVariableNameOpensABlock() {
        assertThat(shape("set $a{}")).containsExactly("set", "$a", "{", "}", "$EOF");
    }

    @Test
    void braceOnlyDirectlyAfterDollarIsKept() {
        assertThat(shape("a $x${y}z;")).containsExactly("a", "$x${y}z", ";", "$EOF");
    }

    @Test
    void semicolonWithoutDirective() {
        ConfigException e = error("listen 80;\n  ;");
        assertThat(e.problem()).isEqualTo("unexpected \";\"");
        assertThat(e.position()).isEqualTo(at(2, 3));
    }

    @Test
    void braceWithoutDirective() {
        ConfigException e = error("{ }");
        assertThat(e.problem()).isEqualTo("unexpected \"{\"");
        assertThat(e.position()).isEqualTo(at(1, 1));
    }

    @Test
    void semicolonRightAfterBlockOpening() {
        ConfigException e = error("http { ; }");
        assertThat(e.problem()).isEqualTo("unexpected \";\"");
        assertThat(e.position()).isEqualTo(at(1, 8));
    }

    @Test
    void closingBraceAfterWords() {
        ConfigException e = error("server {\n    listen 80\n}");
        assertThat(e.problem()).isEqualTo("unexpected \"}\"");
        assertThat(e.position()).isEqualTo(at(3, 1));
        assertThat(e.getMessage()).isEqualTo("unexpected \"}\" in t.conf:3:1");
    }

    @Test
    void endOfFileInsideAStatement() {
        ConfigException e = error("events {}\nworker_processes 4\n");
        assertThat(e.problem()).isEqualTo("unexpected end of file, expecting \";\" or \"}\"");
        assertThat(e.position()).isEqualTo(at(3, 1));
        assertThat(e.hint()).isEqualTo("the \"worker_processes\" directive at t.conf:2:1 is not terminated");
    }

    @Test
    void endOfFileInsideTheFirstWord() {
        ConfigException e = error("listen");
        assertThat(e.problem()).isEqualTo("unexpected end of file, expecting \";\" or \"}\"");
        assertThat(e.position()).isEqualTo(at(1, 7));
    }

    @Test
    void endOfFileAfterAClosingQuote() {
        ConfigException e = error("a 'b'");
        assertThat(e.problem()).isEqualTo("unexpected end of file, expecting \";\" or \"}\"");
        assertThat(e.position()).isEqualTo(at(1, 6));
    }

    @Test
    void mapWithEmptyQuotedKey() {
        List<Token> tokens = lex("map $http_upgrade $connection_upgrade {\n    default upgrade;\n    '' close;\n}\n");
        assertThat(tokens).extracting(Token::text).containsExactly(
                "map", "$http_upgrade", "$connection_upgrade", "{", "default", "upgrade", ";", "", "close", ";",
                "}", "");
        assertThat(tokens.get(7)).isEqualTo(new Token(Kind.WORD, "", true, at(3, 5)));
        assertThat(tokens.get(8).position()).isEqualTo(at(3, 8));
    }

    @Test
    void tokenConvertsToArgument() {
        Token t = new Token(Kind.WORD, "x", true, at(2, 3));
        assertThat(t.toArgument()).isEqualTo(new Argument("x", true, at(2, 3)));
    }

    @Test
    void unescapeLeavesPlainTextAlone() {
        assertThat(Lexer.unescape("plain")).isEqualTo("plain");
        assertThat(Lexer.unescape("\\q\\\"")).isEqualTo("\\q\"");
    }
}
