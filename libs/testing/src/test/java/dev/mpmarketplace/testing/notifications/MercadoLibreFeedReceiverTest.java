package dev.mpmarketplace.testing.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotificationReader;
import dev.mpmarketplace.events.notification.Verification;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.WebhookDelivery;

/**
 * The sandbox's Mercado Libre flows driven through {@link SandboxControl}, their feed received by
 * {@link MercadoLibreFeedReceiver} and published to a real broker as ingest publishes it.
 */
class MercadoLibreFeedReceiverTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ORDERS = Topic.MERCADOLIBRE_ORDER_NOTIFICATIONS.topicName();

    private static EmbeddedKafkaBroker broker;
    private static MercadoPagoSandbox sandbox;
    private static SandboxControl control;
    private static MercadoLibreFeedReceiver receiver;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start();
        broker.createTopics(List.of(ORDERS), 1);
        sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults()
                .withSeededApplication("http://127.0.0.1:9/webhooks/mercadopago", "http://127.0.0.1:9/oauth"));
        control = new SandboxControl(sandbox.url());
        receiver = MercadoLibreFeedReceiver.start(broker.bootstrapServers());
        control.mercadoLibreFeed(receiver.callbackUrl(), List.of("orders_v2", "created_orders"));
    }

    @AfterAll
    static void stop() {
        receiver.close();
        sandbox.close();
        broker.close();
    }

    @Test
    void aPaidMandatoryOrdersFeedArrivesAsIngestWouldPublishIt() {
        long seller = control.newUser("seller", "MLB");
        control.linkSeller(seller);
        long buyer = control.newUser("buyer", "MLB");

        JsonNode order = control.createMercadoLibreOrder(seller, buyer, null, "A new thing", new BigDecimal("120.50"),
                "new", null);
        long orderId = order.get("id").asLong();
        String resource = "/orders/" + orderId;
        assertThat(order.get("status").asText()).isEqualTo("payment_required");
        await().atMost(WAIT).until(() -> receiver.published(resource).size() == 1);
        JsonNode paid = control.payMercadoLibreOrder(orderId, null, "approved");

        assertThat(paid.at("/order/status").asText()).isEqualTo("paid");
        assertThat(control.mercadoLibreOrder(orderId).get("paid_amount").decimalValue()).isEqualByComparingTo("120.50");
        await().atMost(WAIT).until(() -> receiver.published(resource).size() == 2);
        List<RawNotification> published = receiver.published(resource);
        assertThat(published).extracting(RawNotification::providerTopic).containsExactly("created_orders",
                "orders_v2");
        List<RawNotification> onTheBroker = broker.records(List.of(ORDERS)).stream()
                .map(RawNotificationReader::read).filter(n -> n.resourceId().equals(resource)).toList();
        assertThat(onTheBroker).extracting(RawNotification::eventId)
                .containsExactlyElementsOf(published.stream().map(RawNotification::eventId).toList());
        RawNotification first = onTheBroker.get(0);
        assertThat(first.sellerId()).isEqualTo(seller);
        assertThat(first.verification()).isEqualTo(Verification.APPLICATION_ID_MATCHED);
        assertThat(first.topic()).isEqualTo(Topic.MERCADOLIBRE_ORDER_NOTIFICATIONS);
    }

    @Test
    void aRefusedDeliveryIsRetriedBySandboxTimeAndPublishedOnceWithTheSameId() {
        long seller = control.newUser("seller", "MLA");
        control.linkSeller(seller);
        long buyer = control.newUser("buyer", "MLA");
        receiver.refuse(2);

        long orderId = control.createMercadoLibreOrder(seller, buyer, null, "A used thing", new BigDecimal("10"),
                "used", null).get("id").asLong();
        String resource = "/orders/" + orderId;
        List<WebhookDelivery> first = awaitFailedAttempts(resource);
        assertThat(receiver.published(resource)).isEmpty();
        control.advanceClock(Duration.ofMinutes(2));

        await().atMost(WAIT).until(() -> receiver.published(resource).size() == 2);
        assertThat(receiver.published(resource)).extracting(RawNotification::providerTopic)
                .containsExactlyInAnyOrder("created_orders", "orders_v2");
        assertThat(first).hasSize(2);
    }

    private static List<WebhookDelivery> awaitFailedAttempts(String resource) {
        await().atMost(WAIT).until(() -> control.deliveries(null, null, resource, null).stream()
                .filter(d -> !d.attempts().isEmpty()).count() == 2);
        return control.deliveries(null, null, resource, null);
    }
}
