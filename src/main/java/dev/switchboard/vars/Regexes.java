package dev.switchboard.vars;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Position;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions of `map` keys and `if` conditions: compiled once with a positioned error, and run the way
 * {@code ngx_http_regex_exec} runs them (search anywhere in the subject; a match of a pattern that has groups
 * replaces $1..$9, a pattern without groups leaves earlier captures alone).
 */
final class Regexes {

    private Regexes() {
    }

    /**
     * Compiles a PCRE-style pattern. {@code (?P<name>...)} is accepted as Java's {@code (?<name>...)}.
     *
     * @throws ConfigException naming the pattern and what is wrong with it
     */
    static Pattern compile(String pattern, boolean caseless, Position where) {
        String javaPattern = pattern.replace("(?P<", "(?<");
        try {
            return Pattern.compile(javaPattern, caseless ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            throw new ConfigException("invalid regular expression \"" + pattern + "\": " + e.getDescription(), where);
        }
    }

    /** Searches {@code subject}; on a match stores the captures in the request's store. */
    static boolean matches(Pattern pattern, String subject, RequestContext request) {
        Matcher matcher = pattern.matcher(subject);
        if (!matcher.find()) {
            return false;
        }
        int groups = matcher.groupCount();
        if (groups > 0) {
            String[] captures = new String[groups + 1];
            for (int i = 0; i <= groups; i++) {
                captures[i] = matcher.group(i);
            }
            request.variables().captures(captures);
        }
        return true;
    }
}
