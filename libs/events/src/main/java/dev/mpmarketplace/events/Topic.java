package dev.mpmarketplace.events;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every Kafka topic of the platform, in one place. Topic names are a public interface for the marketplace's own
 * backends: they are documented in {@code docs/asyncapi.yaml} and never renamed.
 * <p>
 * Application configuration refers to a topic through its {@link #configKey() config key} (for example
 * {@code mp.messaging.incoming.payments.topic=${marketplace.topic.mercadopago-payment-notifications}}), which
 * {@link TopicConfigSource} resolves from this enum, so a name is written only here.
 */
public enum Topic {

    /** Verified Mercado Pago {@code payment} notifications, as received. */
    MERCADOPAGO_PAYMENT_NOTIFICATIONS("notifications.mercadopago.payment", Kind.RAW_NOTIFICATION),
    /** Verified Mercado Pago merchant order notifications ({@code merchant_order}, {@code topic_merchant_order_wh}). */
    MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS("notifications.mercadopago.merchant-order", Kind.RAW_NOTIFICATION),
    /** Verified Mercado Pago {@code mp-connect} notifications: a seller authorized or deauthorized the application. */
    MERCADOPAGO_CONNECT_NOTIFICATIONS("notifications.mercadopago.mp-connect", Kind.RAW_NOTIFICATION),
    /** Verified Point notifications ({@code point_integration_wh} and the Point integrator webhook). */
    MERCADOPAGO_POINT_NOTIFICATIONS("notifications.mercadopago.point", Kind.RAW_NOTIFICATION),
    /** Verified Mercado Pago Orders API ({@code order}) notifications. */
    MERCADOPAGO_ORDER_NOTIFICATIONS("notifications.mercadopago.order", Kind.RAW_NOTIFICATION),
    /** Mercado Libre order feed notifications ({@code orders_v2}, {@code orders}). */
    MERCADOLIBRE_ORDER_NOTIFICATIONS("notifications.mercadolibre.orders", Kind.RAW_NOTIFICATION),
    /** Mercado Libre payment feed notifications ({@code payments}). */
    MERCADOLIBRE_PAYMENT_NOTIFICATIONS("notifications.mercadolibre.payments", Kind.RAW_NOTIFICATION),
    /** Verified notifications of a topic no service consumes yet; kept so nothing is lost. */
    UNROUTED_NOTIFICATIONS("notifications.unrouted", Kind.RAW_NOTIFICATION),

    /** Seller lifecycle facts: linked, refreshed, reauthorization required, unlinked. */
    SELLER_EVENTS("sellers.events", Kind.DOMAIN_EVENT),
    /** Payment facts: created, status changed, refunded. */
    PAYMENT_EVENTS("payments.events", Kind.DOMAIN_EVENT),
    /** Point payment intent facts: created, state changed, finished. */
    POINT_INTENT_EVENTS("point-intents.events", Kind.DOMAIN_EVENT),
    /** Order read-model facts: order changed. */
    ORDER_EVENTS("orders.events", Kind.DOMAIN_EVENT),

    /** Requests to payment-service, each with an idempotency key chosen by the sender. */
    PAYMENT_COMMANDS("payments.commands", Kind.COMMAND),
    /** Requests to point-service, each with an idempotency key chosen by the sender. */
    POINT_INTENT_COMMANDS("point-intents.commands", Kind.COMMAND),

    /** Records notification-ingest-service could not process. */
    NOTIFICATION_INGEST_DEAD_LETTERS("notification-ingest-service.dead-letter", Kind.DEAD_LETTER),
    /** Records seller-linking-service could not process. */
    SELLER_LINKING_DEAD_LETTERS("seller-linking-service.dead-letter", Kind.DEAD_LETTER),
    /** Records payment-service could not process. */
    PAYMENT_DEAD_LETTERS("payment-service.dead-letter", Kind.DEAD_LETTER),
    /** Records point-service could not process. */
    POINT_DEAD_LETTERS("point-service.dead-letter", Kind.DEAD_LETTER),
    /** Records order-projection-service could not process. */
    ORDER_PROJECTION_DEAD_LETTERS("order-projection-service.dead-letter", Kind.DEAD_LETTER),

    /**
     * order-projection-service's own log of the facts its order model is built from (Mercado Libre orders as fetched,
     * payment and Point facts as consumed), in the order it applied them: replayed, it rebuilds the same model.
     */
    ORDER_PROJECTION_FACTS("order-projection-service.facts", Kind.FACT_LOG);

    /** What a topic carries, which decides its retention and who may write to it. */
    public enum Kind {
        /** A verified notification as received from Mercado Pago or Mercado Libre, written only by the ingest service. */
        RAW_NOTIFICATION,
        /** A fact a service states about its own aggregate; the marketplace's backends may consume it. */
        DOMAIN_EVENT,
        /** A request to a service, written by the marketplace's backends. */
        COMMAND,
        /** A record a consumer could not process, with the reason in its headers; kept for inspection and replay. */
        DEAD_LETTER,
        /**
         * A service's own record of the facts a read model of its is built from (what it fetched from a provider,
         * what it consumed), in the order it applied them, so that replaying it rebuilds the same model; written and
         * read only by that service (its name starts with the service's), kept as long as the model.
         */
        FACT_LOG
    }

    private static final String CONFIG_PREFIX = "marketplace.topic.";
    private static final Map<String, Topic> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Topic::topicName, Function.identity()));

    private final String topicName;
    private final Kind kind;

    Topic(String topicName, Kind kind) {
        this.topicName = topicName;
        this.kind = kind;
    }

    /** The Kafka topic name. */
    public String topicName() {
        return topicName;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The configuration property whose value is this topic's name, e.g.
     * {@code marketplace.topic.mercadopago-payment-notifications}.
     */
    public String configKey() {
        return CONFIG_PREFIX + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every topic of the given kind, in declaration order. */
    public static List<Topic> ofKind(Kind kind) {
        return Arrays.stream(values()).filter(t -> t.kind == kind).toList();
    }

    /** The topic of a Kafka topic name, if it is one of the platform's. */
    public static Optional<Topic> forName(String topicName) {
        return Optional.ofNullable(topicName == null ? null : BY_NAME.get(topicName));
    }

    /** Every topic name, for creating topics in tests, the local run and deployment. */
    public static List<String> allNames() {
        return Arrays.stream(values()).map(Topic::topicName).toList();
    }
}
