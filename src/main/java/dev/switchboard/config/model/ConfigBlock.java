package dev.switchboard.config.model;

import dev.switchboard.config.Context;
import dev.switchboard.config.Directive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One compiled configuration level (main, http, a server, a location, an if block, an upstream): the directive that
 * opened it, its {@link Settings}, and its child levels in config order. The compiler builds the tree; afterwards it
 * is read-only and shared by every connection that uses this configuration generation.
 */
public final class ConfigBlock {

    private final Context context;
    private final Directive directive;
    private final ConfigBlock parent;
    private final Settings settings;
    private final List<ConfigBlock> children = new ArrayList<>();
    private final List<ConfigBlock> childrenView = Collections.unmodifiableList(children);

    public ConfigBlock(Context context, Directive directive, ConfigBlock parent) {
        this.context = context;
        this.directive = directive;
        this.parent = parent;
        boolean ifLevel = context == Context.SERVER_IF || context == Context.LOCATION_IF;
        this.settings = new Settings(parent == null ? null : parent.settings, ifLevel);
        if (parent != null) {
            parent.children.add(this);
        }
    }

    public Context context() {
        return context;
    }

    /** The directive that opened this block; null for the main level. */
    public Directive directive() {
        return directive;
    }

    public ConfigBlock parent() {
        return parent;
    }

    public Settings settings() {
        return settings;
    }

    public List<ConfigBlock> children() {
        return childrenView;
    }

    /** Children of one context, in config order. */
    public List<ConfigBlock> children(Context kind) {
        List<ConfigBlock> result = new ArrayList<>();
        for (ConfigBlock child : children) {
            if (child.context == kind) {
                result.add(child);
            }
        }
        return result;
    }

    /** The first child of a context, or null. */
    public ConfigBlock child(Context kind) {
        for (ConfigBlock child : children) {
            if (child.context == kind) {
                return child;
            }
        }
        return null;
    }

    /** Freezes this block and its subtree. */
    public void freeze() {
        settings.freeze();
        children.forEach(ConfigBlock::freeze);
    }
}
