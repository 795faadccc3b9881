package dev.mpmarketplace.events.point;

/**
 * Where a Point intent stands, the same whichever Mercado Pago API carries it (the Integration API's payment and
 * refund intents, or the Orders API's {@code type: point} orders; docs/services/point-service.md has the mapping).
 * States only move forward: a late or repeated answer never moves an intent back.
 */
public enum PointIntentState {
    /** Accepted by point-service; not yet known to be queued at Mercado Pago (the call is in flight or unresolved). */
    PENDING(false),
    /** Queued on the device, not picked up yet: it may still be cancelled through the API. */
    OPEN(false),
    /** The device has it: it is cancelled on the device (the Orders API may accept an asynchronous cancel). */
    ON_TERMINAL(false),
    /** The buyer presented a card; the payment is being processed. */
    PROCESSING(false),
    /** The device could not tell the result: point-service looks the payment up and settles it. */
    CONFIRMATION_REQUIRED(false),
    /** Done: a payment intent's payment is approved; a refund intent's refund is made. */
    FINISHED(true),
    /** The card payment was declined or reversed: no money moved. */
    REJECTED(true),
    /** The device or Mercado Pago failed; nothing was charged. */
    ERROR(true),
    /** Cancelled through the API or on the device. */
    CANCELED(true),
    /** Not completed in time (the Integration API's 15 minutes, the Orders API's expiration). */
    ABANDONED(true),
    /** A finished payment intent whose payment was refunded since. */
    REFUNDED(true),
    /** Never queued: Mercado Pago refused to create it. */
    REFUSED(true);

    private final boolean isFinal;

    PointIntentState(boolean isFinal) {
        this.isFinal = isFinal;
    }

    /** Whether the intent is done with its device (only a finished payment intent may still become refunded). */
    public boolean isFinal() {
        return isFinal;
    }
}
