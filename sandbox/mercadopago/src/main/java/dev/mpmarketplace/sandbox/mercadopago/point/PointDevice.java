package dev.mpmarketplace.sandbox.mercadopago.point;

/**
 * A seller's Point device (a terminal): where it stands (store, point of sale), its operating mode and what is
 * queued on it. At most one thing is queued at a time, a payment intent, a refund intent or an Orders API order:
 * the device simulator of the control API acts on it. Part of the persisted state (public fields).
 */
public final class PointDevice {

    /** What is queued on a device. */
    public enum Queued {
        PAYMENT_INTENT,
        REFUND_INTENT,
        ORDER
    }

    /** {@code <BRAND>_<MODEL>__<SERIAL>}, e.g. {@code PAX_A910__SMARTPOS1495357742}. */
    public String id;
    public long userId;
    /** A number in a string, as the documentation shows it. */
    public String storeId;
    public long posId;
    public String externalPosId;
    /** {@code PDV} (integrated) or {@code STANDALONE}: the mode in effect. */
    public String operatingMode;
    /** A mode set through the API that takes effect when the device restarts, or {@code null}. */
    public String pendingOperatingMode;
    public Queued queuedKind;
    public String queuedId;

    boolean integrated() {
        return "PDV".equals(operatingMode);
    }

    boolean busy() {
        return queuedId != null;
    }

    void queue(Queued kind, String id) {
        queuedKind = kind;
        queuedId = id;
    }

    /** Frees the queue if it still holds that item. */
    void release(String id) {
        if (id.equals(queuedId)) {
            queuedKind = null;
            queuedId = null;
        }
    }
}
