package dev.mpmarketplace.orders.fact;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.payment.PaymentRefunded;
import dev.mpmarketplace.events.payment.PaymentStatusChanged;
import dev.mpmarketplace.mercadopago.client.mercadolibre.MercadoLibreOrder;
import dev.mpmarketplace.orders.Times;

/**
 * One fact about one order, as it is applied and as the fact log carries it (the record value, in
 * {@code MarketplaceJson}; CloudEvents id {@link #factId()}, type {@link FactKind#type()}, key
 * {@code <seller id>:<order id>}). Exactly one of the data fields is set, the one of its {@link #kind()}.
 *
 * @param factId what makes the fact unique: for a Mercado Libre order a {@link StableEventId} of the order and a
 *        digest of the answer (the same answer fetched twice is one fact), else the event's own CloudEvents id
 * @param kind what it is
 * @param sellerId the order's seller
 * @param reference the order's reference: the Mercado Libre order id, or the payments' {@code external_reference}
 * @param observedAt when the service learned it (fetched the order, consumed the event); part of the fact, so that a
 *        replay writes the same times
 * @param cause what made the service learn it
 * @param mercadolibreOrder the order as Mercado Libre answered, for {@link FactKind#MERCADOLIBRE_ORDER}
 * @param payment the event's data, for {@link FactKind#PAYMENT_STATUS}
 * @param refund the event's data, for {@link FactKind#PAYMENT_REFUND}
 * @param intent the event's data, for {@link FactKind#POINT_INTENT}
 */
public record OrderFact(String factId, FactKind kind, long sellerId, String reference, OffsetDateTime observedAt,
        FactCause cause, MercadoLibreOrder mercadolibreOrder, PaymentStatusChanged payment, PaymentRefunded refund,
        IntentFact intent) {

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    public OrderFact {
        Objects.requireNonNull(factId, "factId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(cause, "cause");
        observedAt = Times.utc(observedAt);
        Object data = switch (kind) {
            case MERCADOLIBRE_ORDER -> mercadolibreOrder;
            case PAYMENT_STATUS -> payment;
            case PAYMENT_REFUND -> refund;
            case POINT_INTENT -> intent;
        };
        if (data == null) {
            throw new IllegalArgumentException("a " + kind + " fact carries its data");
        }
    }

    /** A Mercado Libre order as fetched: its seller and id are the order's. */
    public static OrderFact mercadoLibreOrder(MercadoLibreOrder order, OffsetDateTime observedAt, FactCause cause) {
        return new OrderFact(StableEventId.of("order-fact", "mercadolibre-order", Long.toString(order.id()),
                digest(order)), FactKind.MERCADOLIBRE_ORDER, order.seller().id(), Long.toString(order.id()),
                observedAt, cause, order, null, null, null);
    }

    /** A payment status change of payment-service, for the order of {@code reference}. */
    public static OrderFact paymentStatus(String eventId, String reference, PaymentStatusChanged payment,
            OffsetDateTime observedAt) {
        return new OrderFact(eventId, FactKind.PAYMENT_STATUS, payment.sellerId(), reference, observedAt,
                new FactCause(CauseKind.PAYMENT_EVENT, eventId, null), null, payment, null, null);
    }

    /** A refund seen by payment-service, for the order of {@code reference}. */
    public static OrderFact paymentRefund(String eventId, String reference, PaymentRefunded refund,
            OffsetDateTime observedAt) {
        return new OrderFact(eventId, FactKind.PAYMENT_REFUND, refund.sellerId(), reference, observedAt,
                new FactCause(CauseKind.PAYMENT_EVENT, eventId, null), null, null, refund, null);
    }

    /** A finished Point intent of point-service, for the order of {@code reference}. */
    public static OrderFact pointIntent(String eventId, String reference, IntentFact intent,
            OffsetDateTime observedAt) {
        return new OrderFact(eventId, FactKind.POINT_INTENT, intent.sellerId(), reference, observedAt,
                new FactCause(CauseKind.POINT_EVENT, eventId, null), null, null, null, intent);
    }

    /** The platform's id of the order this fact is about. */
    public UUID orderId() {
        return orderId(sellerId, reference);
    }

    /** The platform's id of a seller's order: a name-based UUID of the seller and the reference. */
    public static UUID orderId(long sellerId, String reference) {
        return UUID.fromString(StableEventId.of("order", Long.toString(sellerId), reference));
    }

    /** The fact log's record key: one order's facts share a partition and keep their order. */
    public String logKey() {
        return sellerId + ":" + orderId();
    }

    /** The fact as it travels: what the log carries, read back exactly as it is applied live. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an order fact is always serialisable", e);
        }
    }

    /** A fact from the log's record value. */
    public static OrderFact fromJson(byte[] json) {
        try {
            return JSON.readValue(json, OrderFact.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not an order fact (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String digest(MercadoLibreOrder order) {
        try {
            byte[] canonical = JSON.writeValueAsBytes(order);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Mercado Libre order is always serialisable", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "OrderFact[" + kind + " " + factId + " seller=" + sellerId + " reference=" + reference + " cause="
                + cause.kind().word() + "]";
    }
}
