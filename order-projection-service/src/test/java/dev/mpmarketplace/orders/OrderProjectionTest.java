package dev.mpmarketplace.orders;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.payment.PaymentRefunded;
import dev.mpmarketplace.events.payment.PaymentStatusChanged;
import dev.mpmarketplace.events.point.PointAdapter;
import dev.mpmarketplace.events.point.PointIntent;
import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.events.point.PointIntentState;
import dev.mpmarketplace.orders.fact.OrderFact;
import dev.mpmarketplace.orders.messaging.FactLogConsumer;
import dev.mpmarketplace.orders.repository.SweepTurnRepository;
import dev.mpmarketplace.orders.service.MercadoLibreSweeps;
import dev.mpmarketplace.orders.service.OrderProjection;
import dev.mpmarketplace.orders.support.Kafka;
import dev.mpmarketplace.orders.support.Sellers;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sellertokens.SellerSecrets;
import dev.mpmarketplace.testing.auth.ApiTokens;
import dev.mpmarketplace.testing.auth.InjectApiTokens;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.InjectMercadoPagoSandbox;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.notifications.MercadoLibreFeedReceiver;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * The order model against the sandbox's Mercado Libre simulation, the real broker, PostgreSQL and Vault: seed 001's
 * flows fed by the sandbox's real feed (as ingest publishes it) and by duplicated, reordered and late notifications;
 * payment-service's events attached to their orders; the query API with its role; and, last, the rebuild: the fact
 * log replayed into empty tables makes the very same model.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox
@WithApiTokens
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderProjectionTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @InjectMercadoPagoSandbox
    MercadoPagoSandbox sandbox;

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @InjectApiTokens
    ApiTokens tokens;

    @Inject
    SellerSecrets secrets;

    @Inject
    Pool pool;

    @Inject
    FactLogConsumer factLog;

    @Inject
    OrderProjection projection;

    @Inject
    MercadoLibreSweeps sweeps;

    @Inject
    SweepTurnRepository sweepTurns;

    /** Every seller token the tests handed to Vault: none may appear in the service's log. */
    static final List<String> SELLER_TOKENS = Collections.synchronizedList(new ArrayList<>());

    Sellers.LinkedSeller linked(String siteId) {
        Sellers.LinkedSeller seller = Sellers.linked(control(), secrets, siteId);
        SELLER_TOKENS.add(seller.accessToken());
        return seller;
    }

    SandboxControl control() {
        return new SandboxControl(sandbox.url());
    }

    Kafka kafka() {
        return new Kafka(broker);
    }

    @AfterEach
    void noFaultsLeft() {
        control().clearFaults();
    }

    static UUID orderId(long sellerId, String reference) {
        return OrderFact.orderId(sellerId, reference);
    }

    Response get(String path, Object... parameters) {
        return given().header("Authorization", tokens.bearer(Roles.ORDERS_READ)).get(path, parameters);
    }

    JsonNode order(UUID id) {
        return get("/orders/{id}", id).then().statusCode(200).extract().as(JsonNode.class);
    }

    boolean known(UUID id) {
        return get("/orders/{id}", id).statusCode() == 200;
    }

    List<String> statusTimeline(UUID id) {
        JsonNode entries = get("/orders/{id}/timeline", id).then().statusCode(200).extract().as(JsonNode.class)
                .get("entries");
        List<String> statuses = new ArrayList<>();
        entries.forEach(entry -> {
            if (entry.get("kind").asText().equals("status")) {
                statuses.add(entry.get("to").asText());
            }
        });
        return statuses;
    }

    List<String> sellerOrderIds(long sellerId) {
        List<String> ids = new ArrayList<>();
        get("/sellers/{id}/orders", sellerId).then().statusCode(200).extract().as(JsonNode.class).get("orders")
                .forEach(order -> ids.add(order.get("id").asText()));
        return ids;
    }

    @Test
    @Order(1)
    void mandatoryFlowFromTheSandboxsRealFeedHiddenUntilPaidThenPaidWithBothPaymentsAndItsTimeline() {
        Sellers.LinkedSeller seller = linked("MLB");
        long buyer = control().newUser("buyer", "MLB");
        try (MercadoLibreFeedReceiver feed = MercadoLibreFeedReceiver.start(broker.bootstrapServers())) {
            control().mercadoLibreFeed(feed.callbackUrl(), List.of("orders_v2", "created_orders"));
            JsonNode created = control().createMercadoLibreOrder(seller.id(), buyer, "MLB", "Guitar",
                    new BigDecimal("591.00"), "new", null);
            long mercadoLibreId = created.get("id").asLong();
            UUID id = orderId(seller.id(), Long.toString(mercadoLibreId));
            assertThat(created.get("status").asText()).isEqualTo("payment_required");

            await().atMost(WAIT).until(() -> known(id));
            JsonNode hidden = order(id);
            assertThat(hidden.get("status").asText()).isEqualTo("payment_required");
            assertThat(hidden.get("visible_to_seller").asBoolean()).isFalse();
            assertThat(hidden.hasNonNull("date_closed")).isFalse();
            assertThat(sellerOrderIds(seller.id())).as("seed 001: not in the seller's views until paid")
                    .doesNotContain(id.toString());

            control().payMercadoLibreOrder(mercadoLibreId, null, "rejected");
            control().payMercadoLibreOrder(mercadoLibreId, null, "approved");

            await().atMost(WAIT).untilAsserted(() -> assertThat(order(id).get("status").asText()).isEqualTo("paid"));
            JsonNode paid = order(id);
            assertThat(paid.get("visible_to_seller").asBoolean()).isTrue();
            assertThat(paid.hasNonNull("date_closed")).isTrue();
            assertThat(new BigDecimal(paid.get("paid_amount").asText())).isEqualByComparingTo("591");
            assertThat(paid.get("tags").toString()).contains("\"paid\"");
            assertThat(paid.get("payments").findValuesAsText("status")).as("one rejected, one approved: both")
                    .containsExactlyInAnyOrder("rejected", "approved");
            assertThat(paid.get("buyer").hasNonNull("nickname")).as("shown once paid").isTrue();
            assertThat(sellerOrderIds(seller.id())).contains(id.toString());

            JsonNode timeline = get("/orders/{id}/timeline", id).then().statusCode(200).extract()
                    .as(JsonNode.class).get("entries");
            JsonNode toPaid = null;
            for (JsonNode entry : timeline) {
                if (entry.get("kind").asText().equals("status") && entry.get("to").asText().equals("paid")) {
                    toPaid = entry;
                }
            }
            assertThat(toPaid).isNotNull();
            assertThat(toPaid.get("from").asText()).isEqualTo("payment_required");
            assertThat(toPaid.get("cause").get("kind").asText()).isEqualTo("notification");
            assertThat(toPaid.get("cause").get("topic").asText()).isIn("orders_v2", "created_orders");
            List<String> published = feed.published().stream().map(RawNotification::eventId).toList();
            assertThat(published).contains(toPaid.get("cause").get("event_id").asText());

            // Every notification again, duplicated and shuffled: nothing changes.
            long version = paid.get("version").asLong();
            List<RawNotification> again = new ArrayList<>(feed.published());
            again.addAll(feed.published());
            Collections.shuffle(again, new Random(15));
            again.forEach(kafka()::publish);
            await().atMost(WAIT).until(() -> caughtUp(Topic.MERCADOLIBRE_ORDER_NOTIFICATIONS));
            assertThat(order(id).get("version").asLong()).isEqualTo(version);
            assertThat(statusTimeline(id)).containsExactly("payment_required", "paid");
        }
    }

    /** Whether the service's consumer group has committed every record of the topic. */
    boolean caughtUp(Topic topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets("order-projection-service").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic.topicName())).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic.topicName()).partitions().forEach(partition -> latest.put(
                            new TopicPartition(topic.topicName(), partition.partition()), OffsetSpec.latest()));
            for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                if (end.getValue().offset() > 0 && (at == null || at.offset() < end.getValue().offset())) {
                    return false;
                }
            }
            return true;
        }
    }

    @Test
    @Order(2)
    void partialPaymentThenRefundToAccountMoneyStaysPaidUnfulfilledThroughLateAndDuplicateNotifications() {
        Sellers.LinkedSeller seller = linked("MLM");
        long buyer = control().newUser("buyer", "MLM");
        JsonNode created = control().createMercadoLibreOrder(seller.id(), buyer, "MLM", "Amplifier",
                new BigDecimal("100.00"), "used", false);
        long mercadoLibreId = created.get("id").asLong();
        UUID id = orderId(seller.id(), Long.toString(mercadoLibreId));
        RawNotification first = Kafka.orderNotification("created_orders", seller.id(), mercadoLibreId);
        kafka().publish(first);
        await().atMost(WAIT).until(() -> known(id));
        JsonNode confirmed = order(id);
        assertThat(confirmed.get("status").asText()).isEqualTo("confirmed");
        assertThat(confirmed.get("visible_to_seller").asBoolean()).isTrue();

        control().payMercadoLibreOrder(mercadoLibreId, new BigDecimal("40.00"), "approved");
        kafka().publish(Kafka.orderNotification("orders_v2", seller.id(), mercadoLibreId));
        await().atMost(WAIT).untilAsserted(() -> assertThat(order(id).get("status").asText())
                .isEqualTo("partially_paid"));
        assertThat(new BigDecimal(order(id).get("paid_amount").asText())).isEqualByComparingTo("40");

        control().payMercadoLibreOrder(mercadoLibreId, null, "approved");
        control().refundMercadoLibreOrderToAccountMoney(mercadoLibreId);
        RawNotification last = Kafka.orderNotification("orders_v2", seller.id(), mercadoLibreId);
        kafka().publish(last);
        kafka().publish(last);
        // A late one, delivered after: the fetch says what the order is now, which is applied already.
        kafka().publish(Kafka.orderNotification("created_orders", seller.id(), mercadoLibreId));
        kafka().publish(first);

        await().atMost(WAIT).untilAsserted(() -> assertThat(order(id).get("tags").toString())
                .contains("\"unfulfilled\""));
        JsonNode refunded = order(id);
        assertThat(refunded.get("status").asText()).as("seed 001: never cancelled").isEqualTo("paid");
        assertThat(refunded.get("payments")).hasSize(2);
        refunded.get("payments").forEach(payment -> {
            assertThat(payment.get("status").asText()).isEqualTo("approved");
            assertThat(payment.get("tags").toString()).contains("refund_account_money");
        });
        assertThat(statusTimeline(id)).containsExactly("confirmed", "partially_paid", "paid");
    }

    @Test
    @Order(3)
    void aCancelledOrderShowsWhyAndALateNotificationNeverReopensIt() {
        Sellers.LinkedSeller seller = linked("MLA");
        long buyer = control().newUser("buyer", "MLA");
        long mercadoLibreId = control().createMercadoLibreOrder(seller.id(), buyer, "MLA", "Pedal",
                new BigDecimal("30.00"), "used", false).get("id").asLong();
        UUID id = orderId(seller.id(), Long.toString(mercadoLibreId));
        RawNotification early = Kafka.orderNotification("orders_v2", seller.id(), mercadoLibreId);
        control().cancelMercadoLibreOrder(mercadoLibreId, "out_of_stock");
        kafka().publish(Kafka.orderNotification("orders_v2", seller.id(), mercadoLibreId));
        kafka().publish(early);
        await().atMost(WAIT).until(() -> known(id));
        await().atMost(WAIT).untilAsserted(() -> assertThat(order(id).get("status").asText())
                .isEqualTo("cancelled"));
        assertThat(order(id).hasNonNull("cancel_detail")).isTrue();
        assertThat(statusTimeline(id)).containsExactly("cancelled");
    }

    @Test
    @Order(4)
    void paymentServicesEventsMakeTheMarketplacesOwnOrderWithEveryPaymentAndRefund() {
        long seller = control().newSeller();
        String reference = "cart-" + UUID.randomUUID();
        UUID id = orderId(seller, reference);
        OffsetDateTime t = OffsetDateTime.now().withNano(0);
        long rejectedId = 7_000_000_000L + new Random().nextInt(1_000_000);
        long approvedId = rejectedId + 1;
        kafka().publish(paymentChanged(seller, reference, rejectedId, null, "rejected", "80.00", t));
        // The approval arrives before the in-process state it followed.
        kafka().publish(paymentChanged(seller, reference, approvedId, "in_process", "approved", "80.00",
                t.plusSeconds(20)));
        kafka().publish(paymentChanged(seller, reference, approvedId, null, "in_process", "80.00", t.plusSeconds(10)));

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode order = order(id);
            assertThat(order.get("status").asText()).isEqualTo("paid");
            assertThat(order.get("payments")).hasSize(2);
        });
        JsonNode paid = order(id);
        assertThat(paid.get("origin").asText()).isEqualTo("marketplace");
        assertThat(paid.get("payments").findValuesAsText("status")).containsExactlyInAnyOrder("rejected",
                "approved");
        assertThat(new BigDecimal(paid.get("paid_amount").asText())).isEqualByComparingTo("80");

        kafka().publish(new PaymentRefunded("platform-" + approvedId, approvedId, seller, 991L + approvedId,
                new BigDecimal("30.00"), "ARS", t.plusSeconds(60), null));
        await().atMost(WAIT).untilAsserted(() -> assertThat(order(id).get("status").asText())
                .isEqualTo("partially_refunded"));
        JsonNode refunded = order(id);
        assertThat(refunded.get("refunds")).hasSize(1);
        assertThat(new BigDecimal(refunded.get("refunded_amount").asText())).isEqualByComparingTo("30");
        // The two payments come on partitions of their own: the order may have seen the approval first.
        List<String> statuses = statusTimeline(id);
        assertThat(statuses).endsWith("paid", "partially_refunded").doesNotHaveDuplicates();
    }

    @Test
    @Order(4)
    void factsOfOneNewOrderAppliedAtOnceEachChangeItOnceUnderItsLock() throws Exception {
        long seller = control().newSeller();
        String reference = "basket-" + UUID.randomUUID();
        UUID id = orderId(seller, reference);
        OffsetDateTime t = OffsetDateTime.now().withNano(0);
        long first = 6_000_000_000L + new Random().nextInt(1_000_000) * 100L;
        int count = 12;
        List<OrderFact> facts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            facts.add(OrderFact.paymentStatus("race-" + UUID.randomUUID(), reference,
                    paymentChanged(seller, reference, first + i, null, "approved", "10.00", t.plusSeconds(i)),
                    t.plusSeconds(i)));
        }
        // Every fact at once, each on a context of its own (as two replicas, or two lanes, would), and the first
        // three twice. All would race to create the order: the order's lock makes them wait for each other instead.
        // (Were one to fail, it is applied again, as a consumer's retry does, and counted.)
        List<OrderFact> deliveries = new ArrayList<>(facts);
        deliveries.addAll(facts.subList(0, 3));
        java.util.concurrent.atomic.AtomicInteger failedAttempts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(
                deliveries.size());
        List<String> outcomes = new ArrayList<>();
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<String>> answers = new ArrayList<>();
            for (OrderFact fact : deliveries) {
                answers.add(threads.submit(() -> {
                    start.await();
                    for (int attempt = 1;; attempt++) {
                        try {
                            return VertxContextSupport.subscribeAndAwait(() -> projection.apply(fact,
                                    OrderProjection.Mode.LIVE, true));
                        } catch (Throwable failure) {
                            failedAttempts.incrementAndGet();
                            if (attempt == 5) {
                                throw new IllegalStateException(failure);
                            }
                        }
                    }
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<String> answer : answers) {
                outcomes.add(answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(outcomes).as("each fact changed the order once; its second delivery took no effect")
                .containsOnly("changed", "duplicate");
        assertThat(outcomes.stream().filter("changed"::equals)).hasSize(count);
        JsonNode order = order(id);
        assertThat(order.get("payments")).hasSize(count);
        assertThat(new BigDecimal(order.get("paid_amount").asText())).isEqualByComparingTo("120");
        assertThat(order.get("version").asLong()).as("one version per fact").isEqualTo(count);
        JsonNode entries = get("/orders/{id}/timeline", id).then().statusCode(200).extract().as(JsonNode.class)
                .get("entries");
        List<Integer> seqs = new ArrayList<>();
        List<String> payments = new ArrayList<>();
        entries.forEach(entry -> {
            seqs.add(entry.get("seq").asInt());
            if (entry.get("kind").asText().equals("payment")) {
                payments.add(entry.get("subject").asText());
            }
        });
        assertThat(seqs).as("one timeline, no entry lost or written twice")
                .isEqualTo(java.util.stream.IntStream.range(0, seqs.size()).boxed().toList());
        assertThat(payments).hasSize(count).doesNotHaveDuplicates();
        String key = seller + ":" + id;
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafka().records(Topic.ORDER_EVENTS).stream()
                .filter(record -> key.equals(record.key())).map(record -> new String(record.headers()
                        .lastHeader(CloudEventAttributes.HEADER_ID).value(), java.nio.charset.StandardCharsets.UTF_8)))
                .as("one order-changed event per version").hasSize(count).doesNotHaveDuplicates());
        assertThat(failedAttempts).as("no delivery failed: none raced another to insert the order").hasValue(0);
    }

    static PaymentStatusChanged paymentChanged(long seller, String reference, long paymentId, String oldStatus,
            String status, String amount, OffsetDateTime at) {
        return new PaymentStatusChanged("platform-" + paymentId, paymentId, seller, "key-" + paymentId, reference,
                oldStatus, status, null, status.equals("rejected") ? "cc_rejected_other_reason" : "accredited",
                "notification", new BigDecimal(amount), null, "ARS", at, at, 1);
    }

    @Test
    @Order(5)
    void theApiNeedsItsRoleAnswersProblemsAndPagesASellersOrdersByKeyset() {
        long seller = control().newSeller();
        OffsetDateTime t = OffsetDateTime.now().withNano(0).minusDays(1);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String reference = "cart-" + UUID.randomUUID();
            ids.add(orderId(seller, reference));
            kafka().publish(paymentChanged(seller, reference, 8_000_000_000L + new Random().nextInt(1_000_000),
                    null, "approved", "10.00", t.plusMinutes(i)));
        }
        await().atMost(WAIT).until(() -> ids.stream().allMatch(this::known));

        given().get("/orders/{id}", ids.get(0)).then().statusCode(401);
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ)).get("/orders/{id}", ids.get(0)).then()
                .statusCode(403);
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ)).get("/sellers/{id}/orders", seller)
                .then().statusCode(403);
        JsonNode notFound = get("/orders/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").extract().as(JsonNode.class);
        assertThat(notFound.get("type").asText()).endsWith("order-not-found");
        get("/orders/{id}", "not-a-uuid").then().statusCode(400).contentType("application/problem+json");
        get("/sellers/{id}/orders?status=shipped", seller).then().statusCode(400);
        get("/sellers/{id}/orders?after=garbage", seller).then().statusCode(400);

        JsonNode first = get("/sellers/{id}/orders?limit=2", seller).then().statusCode(200).extract()
                .as(JsonNode.class);
        assertThat(first.get("orders").findValuesAsText("id")).containsExactly(ids.get(2).toString(),
                ids.get(1).toString());
        JsonNode second = get("/sellers/{id}/orders?limit=2&after=" + first.get("next").asText(), seller).then()
                .statusCode(200).extract().as(JsonNode.class);
        assertThat(second.get("orders").findValuesAsText("id")).containsExactly(ids.get(0).toString());
        assertThat(second.has("next")).isFalse();
        assertThat(get("/sellers/{id}/orders?status=paid&from=" + t.plusSeconds(30).toInstant(), seller).then()
                .statusCode(200).extract().as(JsonNode.class).get("orders")).hasSize(2);
        assertThat(get("/sellers/{id}/orders?tag=unfulfilled", seller).then().statusCode(200).extract()
                .as(JsonNode.class).get("orders")).isEmpty();
    }

    @Test
    @Order(6)
    void aNotificationMercadoLibreGaveUpIsFoundInTheMissedFeedsWithTheApplicationsTokenAndItsOrderFetched()
            throws Throwable {
        Sellers.LinkedSeller seller = linked("MLA");
        long buyer = control().newUser("buyer", "MLA");
        try (MercadoLibreFeedReceiver feed = MercadoLibreFeedReceiver.start(broker.bootstrapServers())) {
            control().mercadoLibreFeed(feed.callbackUrl(), List.of("orders_v2", "created_orders"));
            control().fault(Map.of("id", "drop-feed", "kind", "webhook_drop"));
            long mercadoLibreId = control().createMercadoLibreOrder(seller.id(), buyer, "MLA", "Strings",
                    new BigDecimal("12.00"), "used", false).get("id").asLong();
            UUID id = orderId(seller.id(), Long.toString(mercadoLibreId));
            await().atMost(WAIT).untilAsserted(() -> {
                VertxContextSupport.subscribeAndAwait(() -> sweeps.missedFeeds());
                assertThat(known(id)).isTrue();
            });
            assertThat(feed.published("/orders/" + mercadoLibreId)).as("every delivery was dropped").isEmpty();
            JsonNode entries = get("/orders/{id}/timeline", id).then().statusCode(200).extract().as(JsonNode.class)
                    .get("entries");
            assertThat(entries.get(0).get("cause").get("kind").asText()).isEqualTo("missed_feed");
            assertThat(order(id).get("status").asText()).isEqualTo("confirmed");
        }
    }

    @Test
    @Order(7)
    void anOrderNotReadableYetWhenNotifiedIsFetchedAgainByTheRefetchSweep() throws Throwable {
        Sellers.LinkedSeller seller = linked("MLA");
        long buyer = control().newUser("buyer", "MLA");
        try (MercadoLibreFeedReceiver feed = MercadoLibreFeedReceiver.start(broker.bootstrapServers())) {
            control().mercadoLibreFeed(feed.callbackUrl(), List.of("orders_v2", "created_orders"));
            control().fault(Map.of("id", "not-yet", "kind", "not_found_after_notify", "path", "/orders/*",
                    "duration_ms", 3000));
            long mercadoLibreId = control().createMercadoLibreOrder(seller.id(), buyer, "MLA", "Cable",
                    new BigDecimal("8.00"), "used", false).get("id").asLong();
            UUID id = orderId(seller.id(), Long.toString(mercadoLibreId));
            await().atMost(WAIT).until(() -> refetchesOf(mercadoLibreId) == 1);
            assertThat(known(id)).isFalse();

            await().atMost(WAIT).pollDelay(Duration.ofSeconds(3)).untilAsserted(() -> {
                VertxContextSupport.subscribeAndAwait(() -> sweeps.refetch());
                assertThat(known(id)).isTrue();
            });
            assertThat(refetchesOf(mercadoLibreId)).isZero();
            JsonNode first = get("/orders/{id}/timeline", id).then().statusCode(200).extract().as(JsonNode.class)
                    .get("entries").get(0);
            assertThat(first.get("cause").get("kind").asText()).isEqualTo("refetch");
            assertThat(feed.published("/orders/" + mercadoLibreId).stream().map(RawNotification::eventId))
                    .as("the refetch keeps the notification that asked for it")
                    .contains(first.get("cause").get("event_id").asText());
        }
    }

    long refetchesOf(long mercadoLibreId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM mercadolibre_refetch WHERE mercadolibre_order_id = $1")
                .execute(Tuple.of(mercadoLibreId)).await().atMost(WAIT).iterator().next().getLong("n");
    }

    @Test
    @Order(8)
    void theReReadOfOrdersThatMayStillChangeCatchesAChangeNobodyNotified() throws Throwable {
        Sellers.LinkedSeller seller = linked("MLA");
        long buyer = control().newUser("buyer", "MLA");
        long mercadoLibreId = control().createMercadoLibreOrder(seller.id(), buyer, "MLA", "Capo",
                new BigDecimal("15.00"), "used", false).get("id").asLong();
        UUID id = orderId(seller.id(), Long.toString(mercadoLibreId));
        kafka().publish(Kafka.orderNotification("created_orders", seller.id(), mercadoLibreId));
        await().atMost(WAIT).until(() -> known(id));

        control().fault(Map.of("id", "drop-feed", "kind", "webhook_drop"));
        control().payMercadoLibreOrder(mercadoLibreId, null, "approved");
        VertxContextSupport.subscribeAndAwait(() -> sweeps.reread());

        JsonNode paid = order(id);
        assertThat(paid.get("status").asText()).isEqualTo("paid");
        JsonNode entries = get("/orders/{id}/timeline", id).then().statusCode(200).extract().as(JsonNode.class)
                .get("entries");
        JsonNode last = entries.get(entries.size() - 1);
        assertThat(last.get("cause").get("kind").asText()).isEqualTo("reread");
        assertThat(statusTimeline(id)).containsExactly("confirmed", "paid");
    }

    @Test
    @Order(9)
    void aRecordThatIsNoOrderNotificationGoesToTheDeadLettersAndTheNextOneIsApplied() {
        Sellers.LinkedSeller seller = linked("MLA");
        long buyer = control().newUser("buyer", "MLA");
        broker.publish(new org.apache.kafka.clients.producer.ProducerRecord<>(
                Topic.MERCADOLIBRE_ORDER_NOTIFICATIONS.topicName(), Long.toString(seller.id()),
                "{\"not\": \"a notification\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        kafka().publish(dev.mpmarketplace.testing.notifications.Notifications.mercadoLibre("orders_v2", "/items/MLA1")
                .seller(seller.id()).published(UUID.randomUUID().toString()));
        long mercadoLibreId = control().createMercadoLibreOrder(seller.id(), buyer, "MLA", "Tuner",
                new BigDecimal("9.00"), "used", false).get("id").asLong();
        kafka().publish(Kafka.orderNotification("orders_v2", seller.id(), mercadoLibreId));
        await().atMost(WAIT).until(() -> known(orderId(seller.id(), Long.toString(mercadoLibreId))));
        await().atMost(WAIT).until(() -> kafka().records(Topic.ORDER_PROJECTION_DEAD_LETTERS).stream()
                .filter(record -> record.key().startsWith(Long.toString(seller.id()))).count() == 2);
    }

    @Test
    @Order(10)
    void aPaymentServiceEventAboutAMercadoLibreOrdersPaymentJoinsThatOrderWithoutChangingItsStatus() {
        Sellers.LinkedSeller seller = linked("MLA");
        long buyer = control().newUser("buyer", "MLA");
        long mercadoLibreId = control().createMercadoLibreOrder(seller.id(), buyer, "MLA", "Strap",
                new BigDecimal("20.00"), "used", false).get("id").asLong();
        JsonNode paid = control().payMercadoLibreOrder(mercadoLibreId, null, "approved");
        long paymentId = paid.get("payment").get("id").asLong();
        UUID id = orderId(seller.id(), Long.toString(mercadoLibreId));
        kafka().publish(Kafka.orderNotification("orders_v2", seller.id(), mercadoLibreId));
        await().atMost(WAIT).untilAsserted(() -> assertThat(order(id).get("status").asText()).isEqualTo("paid"));

        // payment-service saw a refund of that payment (its external_reference is the order's id).
        OffsetDateTime later = OffsetDateTime.now().plusMinutes(1);
        kafka().publish(new PaymentRefunded("platform-" + paymentId, paymentId, seller.id(), 5_000L + paymentId,
                new BigDecimal("5.00"), "ARS", later, null));
        await().atMost(WAIT).untilAsserted(() -> assertThat(order(id).get("refunds")).hasSize(1));
        JsonNode refunded = order(id);
        assertThat(refunded.get("origin").asText()).isEqualTo("mercadolibre");
        assertThat(refunded.get("status").asText()).as("Mercado Libre's word for its order").isEqualTo("paid");
        assertThat(new BigDecimal(refunded.get("refunded_amount").asText())).isEqualByComparingTo("5");
        assertThat(refunded.get("payments")).hasSize(1);
        JsonNode entries = get("/orders/{id}/timeline", id).then().statusCode(200).extract().as(JsonNode.class)
                .get("entries");
        JsonNode last = entries.get(entries.size() - 1);
        assertThat(last.get("kind").asText() + "/" + last.get("cause").get("kind").asText())
                .isEqualTo("refund/payment_event");
    }

    @Test
    @Order(11)
    void aFinishedPointIntentsPaymentJoinsTheMarketplacesOrderOfItsReference() {
        long seller = control().newSeller();
        String reference = "till-" + UUID.randomUUID();
        UUID id = orderId(seller, reference);
        long paymentId = 9_000_000_000L + new Random().nextInt(1_000_000);
        kafka().publish(new PointIntent(seller, "intent-" + UUID.randomUUID(), PointIntentKind.PAYMENT,
                PointAdapter.values()[0], "mp-intent-1", "PAX_A910__SMARTPOS1", PointIntentState.FINISHED,
                PointIntentState.PROCESSING, new BigDecimal("15.00"), "ARS", paymentId, "approved", reference, null,
                OffsetDateTime.now()));
        await().atMost(WAIT).until(() -> known(id));
        JsonNode order = order(id);
        assertThat(order.get("status").asText()).isEqualTo("paid");
        assertThat(order.get("payments")).hasSize(1);
        assertThat(order.get("payments").get(0).get("payment_type").asText()).isEqualTo("point");
        assertThat(order.get("payments").get(0).get("mercadopago_payment_id").asLong()).isEqualTo(paymentId);
        JsonNode first = get("/orders/{id}/timeline", id).then().statusCode(200).extract().as(JsonNode.class)
                .get("entries").get(0);
        assertThat(first.get("cause").get("kind").asText()).isEqualTo("point_event");
    }

    @Test
    @Order(12)
    void aSweepsTurnGoesToOneReplicaPerPeriodAndToAnotherOnceThePeriodEnded() throws Throwable {
        String sweep = "test-" + UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now();
        Duration period = Duration.ofMinutes(5);
        assertThat(claim(sweep, "replica-a", now, period)).as("the first claim").isTrue();
        assertThat(claim(sweep, "replica-b", now.plusSeconds(1), period)).as("another replica in the turn").isFalse();
        assertThat(claim(sweep, "replica-a", now.plusMinutes(4), period)).as("the holder again in its turn").isFalse();
        assertThat(claim(sweep, "replica-b", now.plus(period), period)).as("another replica once it ended").isTrue();
        assertThat(claim(sweep, "replica-a", now.plus(period).plusSeconds(1), period)).isFalse();
    }

    boolean claim(String sweep, String holder, OffsetDateTime now, Duration period) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> sweepTurns.claim(sweep, holder, now, period));
    }

    @Test
    @Order(99)
    void noSellerTokenAndNoApplicationTokenReachesTheLog() throws Exception {
        String log = java.nio.file.Files.readString(java.nio.file.Path.of("target/order-projection-service-test.log"));
        assertThat(SELLER_TOKENS).isNotEmpty();
        assertThat(log).contains("Mercado Libre order").doesNotContain(SELLER_TOKENS.toArray(String[]::new))
                .doesNotContainIgnoringCase("bearer ").doesNotContain("client_secret");
    }

    @Test
    @Order(100)
    void replayingTheFactLogIntoAnEmptyModelRebuildsTheSameModel() throws Throwable {
        // Everything the earlier tests did is applied and on the fact log.
        await().atMost(WAIT).until(() -> changedFacts() > 0 && changedFacts() == loggedFacts().size());
        String before = snapshot();
        assertThat(before).contains("paid").contains("unfulfilled").contains("partially_refunded");

        pool.query("TRUNCATE order_timeline, order_refunds, order_payments, orders").execute().await().atMost(WAIT);
        pool.preparedQuery("DELETE FROM processed_event WHERE consumer = $1")
                .execute(Tuple.of(OrderProjection.CONSUMER)).await().atMost(WAIT);
        assertThat(snapshot()).isEmpty();

        for (ConsumerRecord<String, byte[]> record : loggedFacts()) {
            VertxContextSupport.subscribeAndAwait(() -> factLog.process(record));
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    long changedFacts() {
        return pool.preparedQuery("SELECT count(*) AS n FROM processed_event WHERE consumer = $1 AND outcome = $2")
                .execute(Tuple.of(OrderProjection.CONSUMER, "changed")).await().atMost(WAIT).iterator().next()
                .getLong("n");
    }

    List<ConsumerRecord<String, byte[]>> loggedFacts() {
        return kafka().records(Topic.ORDER_PROJECTION_FACTS);
    }

    /** The whole model as text, every row of the four tables in key order, every column. */
    String snapshot() {
        StringBuilder text = new StringBuilder();
        for (String query : List.of("SELECT * FROM orders ORDER BY id", "SELECT * FROM order_payments ORDER BY "
                + "order_id, payment_key", "SELECT * FROM order_refunds ORDER BY order_id, refund_id",
                "SELECT * FROM order_timeline ORDER BY order_id, seq")) {
            for (Row row : pool.query(query).execute().await().atMost(WAIT)) {
                text.append(row.toJson().encode()).append('\n');
            }
        }
        return text.toString();
    }
}
