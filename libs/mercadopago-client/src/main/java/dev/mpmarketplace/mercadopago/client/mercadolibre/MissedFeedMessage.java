package dev.mpmarketplace.mercadopago.client.mercadolibre;

import java.time.OffsetDateTime;

/**
 * A feed message Mercado Libre gave up delivering, as {@code /missed_feeds} lists it: the notification's own fields
 * ({@code _id}, {@code resource}, {@code user_id}, {@code topic}, {@code application_id}, {@code attempts},
 * {@code sent}, {@code received}). Like any notification, a hint: it names a resource to fetch.
 *
 * @param id the notification's {@code _id}
 * @param topic {@code orders_v2}, {@code created_orders}, ...
 * @param resource the resource path, e.g. {@code /orders/2000004912352524}
 * @param userId the seller
 * @param applicationId the application, as text (it may exceed 2^53)
 * @param attempts how many deliveries Mercado Libre tried
 * @param sent the last attempt's time, {@code null} when never sent
 * @param received when Mercado Libre made the notification
 * @param json the message as listed (JSON text), which is the notification's body
 */
public record MissedFeedMessage(String id, String topic, String resource, Long userId, String applicationId,
        Integer attempts, OffsetDateTime sent, OffsetDateTime received, String json) {

    @Override
    public String toString() {
        return "MissedFeedMessage[_id=" + id + ", topic=" + topic + ", resource=" + resource + ", user_id=" + userId
                + "]";
    }
}
