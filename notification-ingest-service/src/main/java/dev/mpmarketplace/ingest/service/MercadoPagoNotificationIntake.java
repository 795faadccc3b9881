package dev.mpmarketplace.ingest.service;

import java.time.Clock;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotifications;
import dev.mpmarketplace.events.notification.TopicRouting;
import dev.mpmarketplace.ingest.config.IngestConfig;
import dev.mpmarketplace.mercadopago.client.webhook.WebhookSignatureVerifier;
import dev.mpmarketplace.mercadopago.client.webhook.WebhookSignatureVerifier.Verification;

/**
 * Turns a request to {@code POST /webhooks/mercadopago} into a {@link RawNotification}, or refuses it.
 * <p>
 * Webhooks format ({@code ?data.id=&type=} and a JSON body): {@code data.id} must be present and free of the
 * manifest's separators, then the {@code x-signature} is verified (nothing else of an unverified request is read),
 * then the body is parsed and must agree with the query: the same {@code type}, and the same resource id (its
 * {@code data.id}, or for {@code topic_merchant_order_wh} its top-level {@code id}) when it names one. The signature
 * covers only {@code data.id}, {@code x-request-id} and {@code ts}: the record is keyed by the signed {@code data.id},
 * its CloudEvents id derives from signed values only, and everything read from the body (seller, action, notification
 * id) is a hint; consumers fetch the resource and act on that.
 * <p>
 * Legacy IPN ({@code ?topic=&id=}): cannot be verified (reference 6.4); accepted as {@code unsigned-ipn} when
 * {@code ingest.mercadopago.accept-unsigned-ipn} is on, with nothing but the query in its record (the body is not
 * read).
 */
@ApplicationScoped
public class MercadoPagoNotificationIntake {

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
     * A delivery that may be published.
     *
     * @param notification what to publish
     * @param signature the verified signature, to be accepted once; {@code null} for an unsigned IPN
     */
    public record Accepted(RawNotification notification, SignatureKey signature) {
    }

    /**
     * Verifies and classifies one delivery.
     *
     * @throws NotificationRejectedException when it is refused; nothing may be published then
     */
    public Accepted accept(MercadoPagoDelivery delivery) {
        Topic routed = null;
        try {
            if (delivery.isIpn()) {
                routed = TopicRouting.mercadoPago(delivery.ipnTopic());
                return new Accepted(ipn(delivery), null);
            }
            if (delivery.type() != null) {
                routed = TopicRouting.mercadoPago(delivery.type());
            }
            Accepted accepted = webhook(delivery);
            routed = accepted.notification().topic();
            return accepted;
        } finally {
            metrics.received(NotificationSource.MERCADOPAGO, routed);
        }
    }

    private Accepted webhook(MercadoPagoDelivery delivery) {
        NotificationJson.requireJsonMediaType(delivery.contentType());
        String dataId = NotificationJson.requireSignedDataId(delivery.dataId());
        Verification verification = verifier.verify(delivery.signature(), delivery.requestId(), dataId);
        if (!verification.isValid()) {
            throw new NotificationRejectedException(Rejection.of(verification.verdict()),
                    "the x-signature of the notification could not be verified ("
                            + verification.verdict().label() + ")");
        }
        if (verification.matchedPreviousSecret()) {
            metrics.previousSecretMatched();
        }
        SignatureKey signature = SignatureKey.of(delivery.signature());
        JsonNode body = NotificationJson.parseObject(delivery.body(), delivery.contentType());

        String type = NotificationJson.requireTopic(agreedType(delivery.type(), NotificationJson.text(body, "type")),
                "type");
        boolean merchantOrder = MERCHANT_ORDER_WH.equals(type);
        String bodyResource = merchantOrder
                ? NotificationJson.text(body, "id")
                : NotificationJson.text(body, "data", "id");
        // Case aside (reference ambiguity 2: Orders ids may be lower-cased on one side); the record names the
        // signed id either way.
        if (bodyResource != null && !bodyResource.equalsIgnoreCase(dataId)) {
            throw new NotificationRejectedException(Rejection.BODY_MISMATCH,
                    "the body's " + (merchantOrder ? "id" : "data.id") + " is not the signed data.id of the query");
        }
        Long sellerId = NotificationJson.optionalSellerId(body, "user_id");
        String action = NotificationJson.optionalId(NotificationJson.text(body, "action"), "action");
        String notificationId = merchantOrder
                ? null
                : NotificationJson.optionalId(NotificationJson.text(body, "id"), "id");
        return new Accepted(RawNotifications.mercadoPagoWebhook(type, dataId, delivery.requestId(),
                signature.timestamp(), sellerId, action, notificationId, delivery.body(), delivery.receivedAt()),
                signature);
    }

    /** The type both the query and the body name (either may leave it out); refused when they differ. */
    private static String agreedType(String queryType, String bodyType) {
        if (queryType != null && !queryType.isEmpty() && bodyType != null && !queryType.equals(bodyType)) {
            throw new NotificationRejectedException(Rejection.BODY_MISMATCH,
                    "the body's type is not the type of the query");
        }
        return bodyType != null ? bodyType : queryType == null || queryType.isEmpty() ? null : queryType;
    }

    private RawNotification ipn(MercadoPagoDelivery delivery) {
        if (!acceptUnsignedIpn) {
            throw new NotificationRejectedException(Rejection.UNSIGNED_IPN_REFUSED,
                    "IPN notifications cannot be verified and are not accepted; configure Webhooks");
        }
        String topic = NotificationJson.requireTopic(delivery.ipnTopic(), "topic");
        String resourceId = NotificationJson.requireId(delivery.ipnId(), "id");
        return RawNotifications.mercadoPagoIpn(topic, resourceId, delivery.requestId(), delivery.receivedAt());
    }
}
