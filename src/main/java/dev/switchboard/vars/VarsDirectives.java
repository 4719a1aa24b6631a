package dev.switchboard.vars;

import dev.switchboard.config.Arity;
import dev.switchboard.config.Context;
import dev.switchboard.config.DirectiveSpec;

import java.util.List;

/** Specs of the variable-defining block directive {@code map} (the rewrite module's {@code set} lives in http). */
public final class VarsDirectives {

    private VarsDirectives() {
    }

    public static List<DirectiveSpec> specs() {
        return List.of(DirectiveSpec.of("map", Context.HTTP).arity(Arity.TWO).rawBlock()
                .declare((d, scope, ctx) -> {
                    if (d.args().size() == 2 && d.isBlock()) {
                        MapBlock.declare(d, ctx.service(VariableRegistry.class));
                    }
                })
                .handle((d, scope, ctx) -> MapBlock.compile(d, ctx.service(VariableRegistry.class))));
    }
}
