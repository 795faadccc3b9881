package dev.mpmarketplace.sandbox.launcher.fuzz;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Values of the run that make a valid-looking input reach past the first lookup: a parameter or field whose name
 * contains a key (compared without case, underscores and dashes) gets its value, for example {@code sellerid} the id
 * of a seller linked in this run.
 */
public final class FuzzHints {

    private final Map<String, String> byName = new LinkedHashMap<>();

    /** A value for names containing {@code key}; earlier keys win. */
    public FuzzHints with(String key, String value) {
        byName.put(normalized(key), value);
        return this;
    }

    /** The linked seller's id for every name that asks for a seller, collector or user id. */
    public FuzzHints seller(long userId) {
        for (String key : new String[]{"sellerid", "collectorid", "userid", "seller"}) {
            with(key, Long.toString(userId));
        }
        return this;
    }

    String valueFor(String name) {
        if (name == null) {
            return null;
        }
        String normalized = normalized(name);
        for (Map.Entry<String, String> hint : byName.entrySet()) {
            if (normalized.contains(hint.getKey())) {
                return hint.getValue();
            }
        }
        return null;
    }

    private static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }
}
