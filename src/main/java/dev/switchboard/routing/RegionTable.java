package dev.switchboard.routing;

import java.util.Map;

/**
 * A read-only string-keyed table that can be probed with a region of a longer string and that region's
 * {@link String#hashCode()}, so wildcard lookups walking a host name never cut substrings.
 */
final class RegionTable<V> {

    private final String[] keys;
    private final Object[] values;
    private final int mask;

    RegionTable(Map<String, V> entries) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 - 1)) << 1;
        keys = new String[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        for (Map.Entry<String, V> e : entries.entrySet()) {
            int i = spread(e.getKey().hashCode()) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = e.getKey();
            values[i] = e.getValue();
        }
    }

    /** The value for the key equal to {@code s[from, to)}, whose String hash is {@code hash}; or null. */
    @SuppressWarnings("unchecked")
    V get(String s, int from, int to, int hash) {
        int length = to - from;
        for (int i = spread(hash) & mask; keys[i] != null; i = (i + 1) & mask) {
            String key = keys[i];
            if (key.length() == length && key.hashCode() == hash && key.regionMatches(0, s, from, length)) {
                return (V) values[i];
            }
        }
        return null;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
