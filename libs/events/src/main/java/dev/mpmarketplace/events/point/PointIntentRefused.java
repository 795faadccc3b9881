package dev.mpmarketplace.events.point;

import java.time.OffsetDateTime;

/**
 * Data of {@link PointIntentEventTypes#REFUSED}: an intent that never reached its device.
 *
 * @param sellerId the seller's Mercado Pago user id
 * @param intentId point-service's id of the intent
 * @param kind a payment or a refund
 * @param idempotencyKey the requester's idempotency key
 * @param deviceId the device it was for
 * @param reason a stable word: {@code device-busy}, {@code device-not-integrated}, {@code invalid-request},
 *        {@code seller-not-linked}, {@code forbidden}
 * @param detail what Mercado Pago (or point-service) said, for people
 * @param queuedIntentId for {@code device-busy}: what is queued on the device (point-service's id when it is one of
 *        its intents, else Mercado Pago's)
 * @param externalReference the marketplace's own reference given with the request, if any
 * @param refusedAt when point-service recorded the refusal
 */
public record PointIntentRefused(long sellerId, String intentId, PointIntentKind kind, String idempotencyKey,
        String deviceId, String reason, String detail, String queuedIntentId, String externalReference,
        OffsetDateTime refusedAt) {
}
