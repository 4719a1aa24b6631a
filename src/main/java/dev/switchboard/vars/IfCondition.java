package dev.switchboard.vars;

import dev.switchboard.config.Argument;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Position;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The condition of the rewrite module's {@code if (...)}, compiled from the arguments as nginx's lexer splits them:
 * {@code ($request_method = OPTIONS)} arrives as {@code "($request_method" "=" "OPTIONS)"}, and a quoted last
 * operand leaves the ")" as an argument of its own. Forms (ngx_http_rewrite_if_condition):
 * <ul>
 *   <li>{@code $var}: true unless the value is empty or "0";</li>
 *   <li>{@code $var = text}, {@code $var != text}: exact, case-sensitive comparison with a template;</li>
 *   <li>{@code $var ~ re}, {@code ~*} (caseless), {@code !~}, {@code !~*}: a regex search; a match sets $1..$9,
 *       even for the negated operators;</li>
 *   <li>{@code -f -d -e -x} and their {@code !} forms followed by a template naming a file.</li>
 * </ul>
 */
public final class IfCondition {

    @FunctionalInterface
    private interface Test {
        boolean test(RequestContext request);
    }

    private final Test test;

    private IfCondition(Test test) {
        this.test = test;
    }

    /** Evaluates the condition for a request (regex operators may update its captures). */
    public boolean test(RequestContext request) {
        return test.test(request);
    }

    /**
     * Compiles the arguments of an {@code if} directive.
     *
     * @param where the directive, for errors that concern no single argument
     * @throws ConfigException {@code invalid condition "..."}, {@code unexpected "..." in condition}, an invalid
     *                         regular expression or an unknown variable, each at the argument concerned
     */
    public static IfCondition compile(List<Argument> args, VariableRegistry registry, Position where) {
        List<Argument> words = unwrap(args, where);
        Argument first = words.get(0);
        String text = first.text();

        if (text.length() > 1 && text.charAt(0) == '$') {
            if (words.size() != 1 && words.size() != 3) {
                throw invalid(first);
            }
            Variable variable = registry.resolve(text.substring(1), first.position());
            if (words.size() == 1) {
                return new IfCondition(request -> isTrue(variable.value(request)));
            }
            return new IfCondition(binary(variable, words.get(1), words.get(2), registry));
        }
        if ((text.length() == 2 && text.charAt(0) == '-')
                || (text.length() == 3 && text.charAt(0) == '!' && text.charAt(1) == '-')) {
            if (words.size() != 2) {
                throw invalid(first);
            }
            FileTest fileTest = FileTest.of(text.charAt(text.length() - 1));
            if (fileTest == null) {
                throw invalid(first);
            }
            Template file = Template.compile(words.get(1), registry);
            boolean negated = text.charAt(0) == '!';
            return new IfCondition(request -> fileTest.test(file.evaluate(request)) != negated);
        }
        throw invalid(first);
    }

    /** Strips "(" from the first word and ")" from the last, dropping words that were only a parenthesis. */
    private static List<Argument> unwrap(List<Argument> args, Position where) {
        if (args.isEmpty()) {
            throw new ConfigException("invalid condition \"\"", where);
        }
        List<Argument> words = new ArrayList<>(args);
        Argument first = words.get(0);
        if (first.text().isEmpty() || first.text().charAt(0) != '(') {
            throw invalid(first);
        }
        if (first.text().length() == 1) {
            words.remove(0);
        } else {
            words.set(0, shifted(first, first.text().substring(1), 1));
        }
        Argument last = words.isEmpty() ? first : words.get(words.size() - 1);
        if (words.isEmpty() || !last.text().endsWith(")")) {
            throw invalid(last);
        }
        if (last.text().length() == 1) {
            words.remove(words.size() - 1);
        } else {
            words.set(words.size() - 1, shifted(last, last.text().substring(0, last.text().length() - 1), 0));
        }
        if (words.isEmpty()) {
            throw invalid(last);
        }
        return words;
    }

    private static Test binary(Variable variable, Argument operator, Argument operand, VariableRegistry registry) {
        switch (operator.text()) {
            case "=", "!=" -> {
                Template expected = Template.compile(operand, registry);
                boolean equal = operator.text().equals("=");
                return request -> expected.evaluate(request).equals(orEmpty(variable.value(request))) == equal;
            }
            case "~", "~*", "!~", "!~*" -> {
                String op = operator.text();
                Pattern pattern = Regexes.compile(operand.text(), op.endsWith("*"), operand.position());
                boolean negated = op.startsWith("!");
                return request -> Regexes.matches(pattern, orEmpty(variable.value(request)), request) != negated;
            }
            default -> throw new ConfigException("unexpected \"" + operator.text() + "\" in condition",
                    operator.position(), "operators are = != ~ ~* !~ !~*");
        }
    }

    /** nginx's truthiness: false for "" and "0" only. */
    private static boolean isTrue(String value) {
        return value != null && !value.isEmpty() && !value.equals("0");
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static Argument shifted(Argument argument, String text, int columns) {
        Position p = argument.position();
        Position moved = p == null ? null : new Position(p.file(), p.line(), p.column() + columns);
        return new Argument(text, argument.quoted(), moved);
    }

    private static ConfigException invalid(Argument argument) {
        return new ConfigException("invalid condition \"" + argument.text() + "\"", argument.position());
    }
}
