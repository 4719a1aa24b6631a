package dev.switchboard.http;

import dev.switchboard.config.Argument;
import dev.switchboard.config.Arity;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Context;
import dev.switchboard.config.Directive;
import dev.switchboard.config.DirectiveSpec;
import dev.switchboard.config.Scope;
import dev.switchboard.vars.IfCondition;
import dev.switchboard.vars.Template;
import dev.switchboard.vars.VariableRegistry;

import java.util.List;

/**
 * Specs of nginx's rewrite-module directives that Switchboard runs: {@code set}, {@code if}, {@code return},
 * {@code break}. They compile into {@link RewriteStep}s kept in order per level.
 */
public final class RewriteDirectives {

    private static final Context[] REWRITE_CONTEXTS =
            {Context.SERVER, Context.LOCATION, Context.SERVER_IF, Context.LOCATION_IF};

    private RewriteDirectives() {
    }

    public static List<DirectiveSpec> specs() {
        return List.of(
                DirectiveSpec.of("set", Context.SERVER, Context.LOCATION, Context.SERVER_IF, Context.LOCATION_IF)
                        .arity(Arity.TWO).repeatable()
                        .declare((d, scope, ctx) -> {
                            if (d.args().size() == 2) {
                                ctx.service(VariableRegistry.class).declareSlot(variableName(d.arg(0)));
                            }
                        })
                        .handle((d, scope, ctx) -> {
                            VariableRegistry registry = ctx.service(VariableRegistry.class);
                            int slot = registry.declareSlot(variableName(d.arg(0)));
                            step(scope, new RewriteStep.Set(slot, Template.compile(d.arg(1), registry)));
                        }),
                DirectiveSpec.of("if", Context.SERVER, Context.LOCATION).arity(Arity.ONE_OR_MORE)
                        .opens(Context.SERVER_IF)
                        .handle((d, scope, ctx) -> {
                            IfCondition condition = IfCondition.compile(d.args(),
                                    ctx.service(VariableRegistry.class), d.position());
                            step(scope.parent(), new RewriteStep.If(condition, scope.block()));
                        }),
                DirectiveSpec.of("return", REWRITE_CONTEXTS).arity(Arity.ONE_OR_TWO)
                        .repeatable()
                        .handle((d, scope, ctx) -> step(scope, parseReturn(d, ctx.service(VariableRegistry.class)))),
                DirectiveSpec.of("break", REWRITE_CONTEXTS).arity(Arity.NONE).repeatable()
                        .handle((d, scope, ctx) -> step(scope, new RewriteStep.Break())));
    }

    private static void step(Scope scope, RewriteStep step) {
        scope.settings().append(HttpSettings.REWRITE, step);
    }

    private static String variableName(Argument a) {
        String text = a.text();
        if (!text.startsWith("$") || text.length() < 2) {
            throw new ConfigException("invalid variable name \"" + text + "\"", a.position(),
                    "write it as $name");
        }
        return text.substring(1);
    }

    static RewriteStep.Return parseReturn(Directive d, VariableRegistry registry) {
        Argument first = d.arg(0);
        String text = first.text();
        if (d.args().size() == 1 && !text.chars().allMatch(Character::isDigit)) {
            if (!(text.startsWith("http://") || text.startsWith("https://") || text.startsWith("$scheme"))) {
                throw new ConfigException("invalid return code \"" + text + "\"", first.position(),
                        "a single argument is a status code or a URL starting with http://, https:// or $scheme");
            }
            return new RewriteStep.Return(302, Template.compile(first, registry));
        }
        int status;
        try {
            status = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid return code \"" + text + "\"", first.position());
        }
        if (status < 0 || status > 999) {
            throw new ConfigException("invalid return code \"" + text + "\"", first.position());
        }
        Template body = d.args().size() == 2 ? Template.compile(d.arg(1), registry) : null;
        return new RewriteStep.Return(status, body);
    }
}
