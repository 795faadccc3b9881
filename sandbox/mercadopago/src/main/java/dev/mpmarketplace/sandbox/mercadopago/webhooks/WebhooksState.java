package dev.mpmarketplace.sandbox.mercadopago.webhooks;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.mpmarketplace.sandbox.mercadopago.faults.FaultsState;

/** The webhooks part of the sandbox state. Guarded by the sandbox state's lock; persisted as JSON (public fields). */
public final class WebhooksState {
    /** Every delivery by id, in creation order (a restart continues the pending ones). */
    public Map<String, WebhookDelivery> deliveries = new LinkedHashMap<>();
    /**
     * The ids of the deliveries still pending, in creation order: the delivery loop looks only at these, so its cost
     * does not grow with the history of finished deliveries.
     */
    public Set<String> pending = new LinkedHashSet<>();
    /**
     * When each resource id ({@code data.id}) was last notified, on the sandbox clock, oldest first; read by the
     * {@code not_found_after_notify} fault.
     */
    public Map<String, Instant> notifiedAt = new LinkedHashMap<>();
    public long nextSequence = 1;
    /**
     * The fault-injection rules (API and webhook side). Kept here because the sandbox state has no part of its own
     * for them; being in the state, they are cleared by a reset and kept across a restart.
     */
    public FaultsState faults = new FaultsState();
}
