package dev.mpmarketplace.events.point;

import java.math.BigDecimal;

/**
 * Data of the command {@link PointIntentEventTypes#CREATE} on {@code point-intents.commands}: the same request as
 * {@code POST /intents}, with the sender's idempotency key in the body. The same key never queues a second intent;
 * the outcome is published on {@code point-intents.events} ({@code created} or {@code refused}).
 *
 * @param idempotencyKey chosen by the sender, 1 to 64 characters; the same key with another request is refused
 * @param sellerId the seller's Mercado Pago user id
 * @param deviceId the Point device to queue the intent on
 * @param amount the amount, at most two decimals
 * @param description shown on the device, optional
 * @param externalReference the marketplace's own reference, optional, echoed in every event of the intent
 * @param installments optional, 1 to 72 (credit cards only above 1)
 * @param paymentType optional: {@code credit_card}, {@code debit_card} or {@code voucher_card}
 */
public record CreatePointIntent(String idempotencyKey, long sellerId, String deviceId, BigDecimal amount,
        String description, String externalReference, Integer installments, String paymentType) {
}
