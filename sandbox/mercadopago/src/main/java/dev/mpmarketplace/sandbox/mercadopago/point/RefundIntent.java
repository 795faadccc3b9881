package dev.mpmarketplace.sandbox.mercadopago.point;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Point refund intent ({@code POST /point/integration-api/devices/{id}/refund}, reference 12.a): a refund of a Point
 * payment, queued on the device that took it until the seller confirms it there.
 */
public final class RefundIntent extends TerminalIntent {
    /** The {@code /v1/payments} payment to refund (as a string in the request). */
    public long paymentId;
    /** The refund it made, once finished. */
    public Long refundId;

    @Override
    boolean allows(IntentState next) {
        return state.allowsForRefund(next);
    }

    @Override
    String kind() {
        return "refund intent";
    }

    @Override
    String actionPrefix() {
        return "refund_state_";
    }

    @Override
    ObjectNode notification() {
        return PointJson.refundNotification(this);
    }
}
