package dev.mpmarketplace.sandbox.mercadopago.point;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Point refund intent ({@code POST /point/integration-api/devices/{id}/refund}, reference 12.a): a refund of a Point
 * payment, queued on the device that took it until the seller confirms it there. Its state changes only through
 * {@link #moveTo}, which refuses what {@link IntentState#allowsForRefund} does not allow. Part of the persisted state.
 */
public final class RefundIntent {
    public String id;
    public String deviceId;
    public long userId;
    public String clientId;
    public IntentState state = IntentState.OPEN;
    /** The {@code /v1/payments} payment to refund (as a string in the request). */
    public long paymentId;
    public ObjectNode additionalInfo;
    /** The refund it made, once finished. */
    public Long refundId;
    public Instant createdAt;
    public Instant updatedAt;
    public List<StateChange> history = new ArrayList<>();

    void moveTo(IntentState next, Instant now) {
        if (!state.allowsForRefund(next)) {
            throw new IllegalTransition("a refund intent in state " + state + " cannot become " + next);
        }
        state = next;
        updatedAt = now;
        history.add(new StateChange(next.name(), now));
    }
}
