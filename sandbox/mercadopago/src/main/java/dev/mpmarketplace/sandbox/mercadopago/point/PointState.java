package dev.mpmarketplace.sandbox.mercadopago.point;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.mpmarketplace.sandbox.mercadopago.state.EntityMap;

/**
 * The Point part of the sandbox state: integrators, devices, payment intents, refund intents and Orders API orders.
 * Guarded by the sandbox state's lock; persisted as JSON (public fields, intents and orders as entity maps).
 */
public final class PointState {
    /** By {@link Integrator#key}. */
    public Map<String, Integrator> integrators = new LinkedHashMap<>();
    /** Every device of every seller, by id, in creation order. */
    public Map<String, PointDevice> devices = new LinkedHashMap<>();
    /** Whether intermediate states (OPEN, ON_TERMINAL, PROCESSING, PROCESSED) are notified too, not only final ones. */
    public boolean notifyIntermediateStates;
    public long nextStoreId = 47_792_478;
    public long nextPosId = 47_792_476;
    @JsonIgnore
    public final EntityMap<String, PaymentIntent> paymentIntents = EntityMap.byString("point_payment_intents",
            PaymentIntent.class);
    @JsonIgnore
    public final EntityMap<String, RefundIntent> refundIntents = EntityMap.byString("point_refund_intents",
            RefundIntent.class);
    @JsonIgnore
    public final EntityMap<String, PointOrder> orders = EntityMap.byString("orders", PointOrder.class);
    /** Order id by {@code "<user id>:<X-Idempotency-Key>"}. */
    @JsonIgnore
    public final EntityMap<String, String> orderIdempotencyKeys = EntityMap.byString("order_idempotency_keys",
            String.class);

    /** The entity maps of this part, for the state file. */
    public List<EntityMap<?, ?>> entityMaps() {
        return List.of(paymentIntents, refundIntents, orders, orderIdempotencyKeys);
    }

    /** The device with that id if it belongs to that user, else {@code null}. */
    PointDevice deviceOf(long userId, String deviceId) {
        PointDevice device = deviceId == null ? null : devices.get(deviceId);
        return device != null && device.userId == userId ? device : null;
    }
}
