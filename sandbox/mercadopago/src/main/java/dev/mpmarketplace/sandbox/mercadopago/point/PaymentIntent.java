package dev.mpmarketplace.sandbox.mercadopago.point;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Point Integration API payment intent ({@code POST /point/integration-api/devices/{id}/payment-intents}): an amount
 * queued on a device until the device takes it and the buyer pays.
 */
public final class PaymentIntent extends TerminalIntent {
    /** Integer with two implied decimals ({@code 1500} is 15.00). */
    public long amount;
    public String description;
    /** {@code payment} of the request: installments, type, installments_cost, voucher_type, as sent (validated). */
    public ObjectNode payment;
    /** The {@code /v1/payments} payment it made, once processed. */
    public Long paymentId;
    /** That payment's status as the intent shows it ({@code approved}, {@code rejected}, {@code ""}). */
    public String paymentState;
    public String paymentType;

    @Override
    boolean allows(IntentState next) {
        return state.allows(next);
    }

    @Override
    String kind() {
        return "payment intent";
    }

    @Override
    String actionPrefix() {
        return "state_";
    }

    @Override
    ObjectNode notification() {
        return PointJson.intentNotification(this);
    }

    /** The payment it made, once processed (or left for confirmation). */
    void paid(long id, String status, String type) {
        paymentId = id;
        paymentState = status;
        paymentType = type;
    }
}
