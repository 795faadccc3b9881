package dev.mpmarketplace.sandbox.mercadopago.webhooks;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.mpmarketplace.sandbox.mercadopago.faults.FaultsState;
import dev.mpmarketplace.sandbox.mercadopago.state.EntityMap;

/** The webhooks part of the sandbox state. Guarded by the sandbox state's lock; persisted as JSON (public fields). */
public final class WebhooksState {
    /** Every delivery by id, in creation order (a restart continues the pending ones). */
    @JsonIgnore
    public final EntityMap<String, WebhookDelivery> deliveries = EntityMap.byString("webhook_deliveries",
            WebhookDelivery.class);
    /**
     * The ids of the deliveries still pending, in creation order: the delivery loop looks only at these, so its cost
     * does not grow with the history of finished deliveries. Derived from the deliveries after a restore.
     */
    @JsonIgnore
    public Set<String> pending = new LinkedHashSet<>();
    /** The ids of the deliveries held by an out-of-order fault; derived, rebuilt after a restore. */
    @JsonIgnore
    public Set<String> held = new LinkedHashSet<>();
    /**
     * The ids of the finished deliveries, oldest first: the ones forgotten first when there are too many. Derived,
     * rebuilt after a restore.
     */
    @JsonIgnore
    public Deque<String> finished = new ArrayDeque<>();
    /**
     * When each resource id ({@code data.id}) was last notified, on the sandbox clock, oldest first; read by the
     * {@code not_found_after_notify} fault. Not persisted: a restart forgets it (the fault's windows are short), which
     * spares the state file a line per notification.
     */
    @JsonIgnore
    public final Map<String, Instant> notifiedAt = new LinkedHashMap<>();
    public long nextSequence = 1;
    /**
     * The fault-injection rules (API and webhook side). Kept here because the sandbox state has no part of its own
     * for them; being in the state, they are cleared by a reset and kept across a restart.
     */
    public FaultsState faults = new FaultsState();

    /** The entity maps of this part, for the state file. */
    public List<EntityMap<?, ?>> entityMaps() {
        return List.of(deliveries);
    }

    /** Rebuilds what is derived from the deliveries, after a restore. */
    public void afterLoad() {
        pending.clear();
        held.clear();
        finished.clear();
        deliveries.peekValues().stream().sorted(Comparator.comparingLong(d -> d.sequence)).forEach(d -> {
            if (!d.pending()) {
                finished.add(d.id);
            } else {
                pending.add(d.id);
                if (d.heldBy != null) {
                    held.add(d.id);
                }
            }
        });
    }
}
