package dev.mpmarketplace.payment;

import java.util.Locale;

/** What a {@link PaymentOperation} asks of Mercado Pago. */
public enum OperationKind {
    /** Capture an authorized payment ({@code PUT /v1/payments/{id}} {@code capture:true}). */
    CAPTURE,
    /** Cancel a pending, in-process or authorized payment ({@code PUT /v1/payments/{id}} {@code status:cancelled}). */
    CANCEL,
    /** Refund an approved payment ({@code POST /v1/payments/{id}/refunds}, keyed). */
    REFUND;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
