package dev.switchboard.vars;

/**
 * Per-request variable values: one slot per `set` variable or module-owned value (slot numbers are handed out
 * by the {@link VariableRegistry} at config load), plus the captures of the last successful regex match
 * ({@code $1}..{@code $9}). Not thread-safe: a request lives on one event loop.
 */
public final class VariableStore {

    private final String[] slots;
    private String[] captures;

    public VariableStore(int slotCount) {
        this.slots = new String[slotCount];
    }

    /** The value in a slot, or null if never set. */
    public String get(int slot) {
        return slots[slot];
    }

    public void set(int slot, String value) {
        slots[slot] = value;
    }

    /** Capture group n of the last regex match (0 = whole match), or null. */
    public String capture(int n) {
        return captures == null || n >= captures.length ? null : captures[n];
    }

    /** Replaces the captures after a successful regex match; groups that did not take part are null. */
    public void captures(String[] groups) {
        this.captures = groups;
    }
}
