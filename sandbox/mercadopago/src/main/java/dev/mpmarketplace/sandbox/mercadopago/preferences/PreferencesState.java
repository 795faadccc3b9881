package dev.mpmarketplace.sandbox.mercadopago.preferences;

import java.util.LinkedHashMap;
import java.util.Map;

/** The preferences part of the sandbox state. Guarded by the sandbox state's lock; persisted as JSON (public fields). */
public final class PreferencesState {
    /** Every Checkout Pro preference, by id, in creation order. */
    public Map<String, Preference> preferences = new LinkedHashMap<>();

    /** The preference with that id if it belongs to that collector, else {@code null}. */
    public Preference ofCollector(String id, long collectorId) {
        Preference preference = id == null ? null : preferences.get(id);
        return preference != null && preference.collectorId == collectorId ? preference : null;
    }
}
