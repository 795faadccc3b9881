package dev.mpmarketplace.events.notification;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.EventTypes;
import dev.mpmarketplace.events.StableEventId;

/**
 * How each kind of accepted delivery becomes a {@link RawNotification}: its topic, key, CloudEvents id, type and
 * subject, and extension headers (decision 0007). notification-ingest-service calls these once it has checked a
 * delivery; tests call them to publish exactly what ingest would.
 * <p>
 * The CloudEvents id is the identity consumers de-duplicate on, so a sender must not be able to choose it to collide
 * with a genuine notification (a forged "duplicate" sent first would make consumers drop the genuine one):
 * <ul>
 * <li>a signed Mercado Pago webhook's id derives from signed values only ({@code data.id} and {@code x-request-id},
 * or {@code ts} when there is no request id): a replay of the same signed delivery is the same event, on any
 * replica; anything a sender can change without the secret is not part of it;</li>
 * <li>a legacy IPN's id is random: nothing in it is signed, so no two IPN deliveries are the same event;</li>
 * <li>a Mercado Libre feed notification's id derives from its {@code _id}, a Point intent's from its id and state:
 * unsigned, but unknown to anyone but the provider and the marketplace until the notification is sent.</li>
 * </ul>
 */
public final class RawNotifications {

    /** The {@code ce_type} provider topic of the Point integrator webhook's raw intent body. */
    public static final String POINT_INTEGRATOR = "point_integrator";

    private RawNotifications() {
    }

    /**
     * A Mercado Pago Webhooks notification whose {@code x-signature} was verified.
     *
     * @param type the notification type ({@code payment}, {@code mp-connect}, ...), the query's and the body's
     * @param dataId the signed {@code data.id} of the query: the resource
     * @param requestId the signed {@code x-request-id}, or {@code null} when the request had none
     * @param signatureTimestamp the signed {@code ts} of the {@code x-signature}, verbatim
     * @param sellerId the body's {@code user_id}, or {@code null}
     * @param action the body's {@code action}, or {@code null}
     * @param notificationId the body's {@code id} when it is a notification id, or {@code null}
     * @param body the body as received
     * @param receivedAt when the request arrived
     */
    public static RawNotification mercadoPagoWebhook(String type, String dataId, String requestId,
            String signatureTimestamp, Long sellerId, String action, String notificationId, byte[] body,
            OffsetDateTime receivedAt) {
        String eventId = requestId != null
                ? StableEventId.of("mercadopago", "webhook", dataId, "request-id", requestId)
                : StableEventId.of("mercadopago", "webhook", dataId, "ts", signatureTimestamp);
        return new RawNotification(TopicRouting.mercadoPago(type), sellerId, dataId,
                attributes(eventId, NotificationProvider.MERCADO_PAGO, type, sellerId, receivedAt),
                new RawNotificationHeaders(requestId, Verification.SIGNATURE_VALID, notificationId, type, action),
                body);
    }

    /**
     * A legacy IPN notification ({@code ?topic=&id=}), which cannot be verified: its record carries the query and
     * nothing else (no seller, no provider id, no action; the value is {@code {"topic":..,"id":..}} whatever body was
     * sent) and a random id.
     *
     * @param topic the query's {@code topic}
     * @param id the query's {@code id}: the resource
     * @param requestId the {@code x-request-id}, or {@code null}; for support only
     * @param receivedAt when the request arrived
     */
    public static RawNotification mercadoPagoIpn(String topic, String id, String requestId,
            OffsetDateTime receivedAt) {
        byte[] value = JsonNodeFactory.instance.objectNode().put("topic", topic).put("id", id).toString()
                .getBytes(StandardCharsets.UTF_8);
        return new RawNotification(TopicRouting.mercadoPago(topic), null, id,
                attributes(UUID.randomUUID().toString(), NotificationProvider.MERCADO_PAGO, topic, null, receivedAt),
                new RawNotificationHeaders(requestId, Verification.UNSIGNED_IPN, null, topic, null), value);
    }

    /**
     * A Mercado Libre feed notification for the marketplace's application.
     *
     * @param topic the notification's {@code topic}
     * @param notificationId its {@code _id}
     * @param resource its {@code resource} path ({@code /orders/2000004912352524}): the resource
     * @param sellerId its {@code user_id}
     * @param requestId the {@code x-request-id}, or {@code null}
     * @param body the body as received
     * @param receivedAt when the request arrived
     */
    public static RawNotification mercadoLibreFeed(String topic, String notificationId, String resource,
            long sellerId, String requestId, byte[] body, OffsetDateTime receivedAt) {
        return new RawNotification(TopicRouting.mercadoLibre(topic), sellerId, resource,
                attributes(StableEventId.of("mercadolibre", notificationId), NotificationProvider.MERCADO_LIBRE,
                        topic, sellerId, receivedAt),
                new RawNotificationHeaders(requestId, Verification.APPLICATION_ID_MATCHED, notificationId, topic, null),
                body);
    }

    /**
     * A Point integrator webhook notification (the raw payment intent). Each state of an intent is an event of its
     * own, and a redelivery of one state the same event.
     *
     * @param intentId the intent's {@code id}: the resource
     * @param state the intent's {@code state}, or {@code null}
     * @param callerId the intent's {@code caller_id} (the user whose token created it), or {@code null}
     * @param requestId the {@code x-request-id}, or {@code null}
     * @param body the body as received
     * @param receivedAt when the request arrived
     */
    public static RawNotification pointIntent(String intentId, String state, Long callerId, String requestId,
            byte[] body, OffsetDateTime receivedAt) {
        String eventId = state == null
                ? StableEventId.of("mercadopago", "point", intentId)
                : StableEventId.of("mercadopago", "point", intentId, state);
        return new RawNotification(TopicRouting.pointIntegrator(), callerId, intentId,
                attributes(eventId, NotificationProvider.MERCADO_PAGO, POINT_INTEGRATOR, callerId, receivedAt),
                new RawNotificationHeaders(requestId, Verification.UNSIGNED_POINT, intentId, POINT_INTEGRATOR, null),
                body);
    }

    /**
     * The provider whose raw notification type the given {@code ce_type} is, for that provider topic.
     *
     * @throws IllegalArgumentException when it is no raw notification type of that topic
     */
    static NotificationProvider providerOf(String type, String providerTopic) {
        for (NotificationProvider provider : NotificationProvider.values()) {
            String expected;
            try {
                expected = EventTypes.rawNotification(provider.label(), providerTopic);
            } catch (IllegalArgumentException e) {
                break; // a provider topic that cannot be a type segment has no raw notification type
            }
            if (expected.equals(type)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("ce_type " + type + " is not the raw notification type of " + providerTopic);
    }

    private static CloudEventAttributes attributes(String eventId, NotificationProvider provider,
            String providerTopic, Long sellerId, OffsetDateTime receivedAt) {
        return new CloudEventAttributes(eventId, EventSource.NOTIFICATION_INGEST.uri(),
                EventTypes.rawNotification(provider.label(), providerTopic),
                sellerId == null ? null : sellerId.toString(), receivedAt, CloudEventAttributes.JSON);
    }
}
