package dev.mpmarketplace.events.point;

import dev.mpmarketplace.events.EventTypes;

/** The CloudEvents types of the Point intent events and commands, and which record carries each one's data. */
public final class PointIntentEventTypes {

    /** Mercado Pago accepted the intent: it is queued on the device ({@code OPEN}); data {@link PointIntent}. */
    public static final String CREATED = EventTypes.domain("point-intent", "created");
    /**
     * The intent moved to another state (every move after {@link #CREATED}, the final one included); data
     * {@link PointIntent}, with {@code previous_state}.
     */
    public static final String STATE_CHANGED = EventTypes.domain("point-intent", "state-changed");
    /**
     * The intent reached a final state for the first time ({@link PointIntentState#isFinal()}, except
     * {@code REFUSED}); published after the {@link #STATE_CHANGED} of the same move; data {@link PointIntent}. A later
     * move (a finished payment refunded) is a {@link #STATE_CHANGED} only.
     */
    public static final String FINISHED = EventTypes.domain("point-intent", "finished");
    /**
     * The intent was never queued: Mercado Pago refused it (a field, the device's mode, another intent queued on the
     * device); data {@link PointIntentRefused}.
     */
    public static final String REFUSED = EventTypes.domain("point-intent", "refused");

    /** Command: create a payment intent on a device; data {@link CreatePointIntent}. */
    public static final String CREATE = EventTypes.domain("point-intent", "create");

    private PointIntentEventTypes() {
    }
}
