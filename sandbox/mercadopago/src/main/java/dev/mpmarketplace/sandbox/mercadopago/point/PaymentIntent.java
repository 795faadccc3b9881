package dev.mpmarketplace.sandbox.mercadopago.point;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Point Integration API payment intent ({@code POST /point/integration-api/devices/{id}/payment-intents}): an amount
 * queued on a device until the device takes it and the buyer pays. Its state changes only through the named methods,
 * which refuse what the state machine ({@link IntentState#allows}) does not allow. Part of the persisted state
 * (public fields).
 */
public final class PaymentIntent {
    public String id;
    public String deviceId;
    /** The seller: the user of the token that created it. */
    public long userId;
    /** The application of that token, or {@code null} for the seller's own token. */
    public String clientId;
    public IntentState state = IntentState.OPEN;
    /** Integer with two implied decimals ({@code 1500} is 15.00). */
    public long amount;
    public String description;
    /** {@code payment} of the request: installments, type, installments_cost, voucher_type, as sent (validated). */
    public ObjectNode payment;
    public ObjectNode additionalInfo;
    /** The {@code /v1/payments} payment it made, once processed. */
    public Long paymentId;
    /** That payment's status as the intent shows it ({@code approved}, {@code rejected}, {@code ""}). */
    public String paymentState;
    public String paymentType;
    public Instant createdAt;
    public Instant updatedAt;
    public List<StateChange> history = new ArrayList<>();

    /** Moves to {@code next}, or refuses with an {@link IllegalTransition}. */
    void moveTo(IntentState next, Instant now) {
        if (!state.allows(next)) {
            throw new IllegalTransition("a payment intent in state " + state + " cannot become " + next);
        }
        state = next;
        updatedAt = now;
        history.add(new StateChange(next.name(), now));
    }

    /** The payment it made, once processed (or left for confirmation). */
    void paid(long id, String status, String type) {
        paymentId = id;
        paymentState = status;
        paymentType = type;
    }
}
