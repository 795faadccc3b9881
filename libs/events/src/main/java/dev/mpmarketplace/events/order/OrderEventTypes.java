package dev.mpmarketplace.events.order;

import dev.mpmarketplace.events.EventTypes;

/** The CloudEvents types of the events on {@code orders.events}, and which record carries each one's data. */
public final class OrderEventTypes {

    /**
     * An order of the read model changed (status, amounts, tags, payments or refunds), by one fact; data
     * {@link OrderChanged}. Never backwards: a late or repeated answer changes nothing and emits nothing.
     */
    public static final String CHANGED = EventTypes.domain("order", "changed");

    private OrderEventTypes() {
    }
}
