package dev.mpmarketplace.ingest.service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.EventTypes;
import dev.mpmarketplace.events.RawNotificationHeaders;
import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.ingest.config.IngestConfig;
import dev.mpmarketplace.mercadopago.client.webhook.WebhookSignatureVerifier;
import dev.mpmarketplace.mercadopago.client.webhook.WebhookSignatureVerifier.Verification;

/**
 * Turns a request to {@code POST /webhooks/mercadopago} into a {@link RawNotification}, or refuses it.
 * <p>
 * Webhooks format ({@code ?data.id=&type=} and a JSON body): the {@code x-signature} is verified first (nothing of an
 * unverified request is read further), then the body is parsed. The record key uses the signed query {@code data.id};
 * the body is not signed, so everything read from it is a hint that consumers re-check by fetching the resource.
 * <p>
 * Legacy IPN ({@code ?topic=&id=}): cannot be verified (reference 6.4); accepted as {@code unsigned-ipn} when
 * {@code ingest.mercadopago.accept-unsigned-ipn} is on. Without a body its value is {@code {"topic":..,"id":..}}.
 */
@ApplicationScoped
public class MercadoPagoNotificationIntake {

    private static final String PROVIDER = "mercadopago";
    /** Merchant order notifications whose top-level {@code id} is the merchant order, not the notification. */
    private static final String MERCHANT_ORDER_WH = "topic_merchant_order_wh";

    private final WebhookSignatureVerifier verifier;
    private final boolean acceptUnsignedIpn;
    private final IngestMetrics metrics;

    public MercadoPagoNotificationIntake(IngestConfig config, Clock clock, IngestMetrics metrics) {
        IngestConfig.MercadoPago mercadoPago = config.mercadopago();
        this.verifier = new WebhookSignatureVerifier(
                Arrays.asList(mercadoPago.webhookSecret(), mercadoPago.previousWebhookSecret().orElse(null)),
                mercadoPago.signatureTolerance(), clock);
        this.acceptUnsignedIpn = mercadoPago.acceptUnsignedIpn();
        this.metrics = metrics;
    }

    /**
     * Verifies and classifies one delivery.
     *
     * @throws NotificationRejectedException when it is refused; nothing may be published then
     */
    public RawNotification accept(MercadoPagoDelivery delivery) {
        Topic routed = null;
        try {
            if (delivery.isIpn()) {
                routed = TopicRouting.mercadoPago(delivery.ipnTopic());
                return ipn(delivery);
            }
            if (delivery.type() != null) {
                routed = TopicRouting.mercadoPago(delivery.type());
            }
            RawNotification notification = webhook(delivery);
            routed = notification.topic();
            return notification;
        } finally {
            metrics.received(NotificationSource.MERCADOPAGO, routed);
        }
    }

    private RawNotification webhook(MercadoPagoDelivery delivery) {
        NotificationJson.requireJsonMediaType(delivery.contentType());
        Verification verification = verifier.verify(delivery.signature(), delivery.requestId(), delivery.dataId());
        if (!verification.isValid()) {
            throw new NotificationRejectedException(Rejection.of(verification.verdict()),
                    "the x-signature of the notification could not be verified ("
                            + verification.verdict().label() + ")");
        }
        if (verification.matchedPreviousSecret()) {
            metrics.previousSecretMatched();
        }
        JsonNode body = NotificationJson.parseObject(delivery.body(), delivery.contentType());

        String type = NotificationJson.requireTopic(firstPresent(NotificationJson.text(body, "type"), delivery.type()),
                "type");
        boolean merchantOrder = MERCHANT_ORDER_WH.equals(type);
        String resourceId = firstPresent(delivery.dataId(), NotificationJson.text(body, "data", "id"),
                merchantOrder ? NotificationJson.text(body, "id") : null);
        resourceId = NotificationJson.requireId(resourceId, "data.id");
        String sellerId = NotificationJson.optionalId(NotificationJson.text(body, "user_id"), "user_id");
        String action = NotificationJson.optionalId(NotificationJson.text(body, "action"), "action");
        String notificationId = merchantOrder
                ? null
                : NotificationJson.optionalId(NotificationJson.text(body, "id"), "id");

        String eventId;
        if (notificationId != null) {
            eventId = StableEventId.of(PROVIDER, "notification", notificationId);
        } else {
            // No notification id of its own: what makes it unique is what it says about which resource.
            String version = NotificationJson.text(body, "version");
            eventId = StableEventId.of(present(PROVIDER, type, action, resourceId, version));
        }
        Topic topic = TopicRouting.mercadoPago(type);
        return new RawNotification(NotificationSource.MERCADOPAGO, type, topic,
                RawNotificationHeaders.recordKey(sellerId, resourceId), sellerId, resourceId,
                new CloudEventAttributes(eventId, EventSource.NOTIFICATION_INGEST.uri(),
                        EventTypes.rawNotification(PROVIDER, type), sellerId, delivery.receivedAt(),
                        CloudEventAttributes.JSON),
                new RawNotificationHeaders(delivery.requestId(), RawNotificationHeaders.VERIFICATION_VALID,
                        notificationId),
                delivery.body());
    }

    private RawNotification ipn(MercadoPagoDelivery delivery) {
        if (!acceptUnsignedIpn) {
            throw new NotificationRejectedException(Rejection.UNSIGNED_IPN_REFUSED,
                    "IPN notifications cannot be verified and are not accepted; configure Webhooks");
        }
        String topicName = NotificationJson.requireTopic(delivery.ipnTopic(), "topic");
        String resourceId = NotificationJson.requireId(delivery.ipnId(), "id");
        byte[] payload;
        String sellerId = null;
        if (delivery.body() == null || delivery.body().length == 0) {
            ObjectNode synthesized = JsonNodeFactory.instance.objectNode()
                    .put("topic", topicName)
                    .put("id", resourceId);
            payload = synthesized.toString().getBytes(StandardCharsets.UTF_8);
        } else {
            JsonNode body = NotificationJson.parseObject(delivery.body(), delivery.contentType());
            sellerId = NotificationJson.optionalId(NotificationJson.text(body, "user_id"), "user_id");
            payload = delivery.body();
        }
        Topic topic = TopicRouting.mercadoPago(topicName);
        return new RawNotification(NotificationSource.MERCADOPAGO, topicName, topic,
                RawNotificationHeaders.recordKey(sellerId, resourceId), sellerId, resourceId,
                new CloudEventAttributes(StableEventId.of(PROVIDER, topicName, "ipn", resourceId),
                        EventSource.NOTIFICATION_INGEST.uri(), EventTypes.rawNotification(PROVIDER, topicName),
                        sellerId, delivery.receivedAt(), CloudEventAttributes.JSON),
                new RawNotificationHeaders(delivery.requestId(), RawNotificationHeaders.VERIFICATION_UNSIGNED_IPN,
                        null),
                payload);
    }

    private static String firstPresent(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private static String[] present(String... parts) {
        return Arrays.stream(parts).filter(part -> part != null && !part.isEmpty()).toArray(String[]::new);
    }
}
