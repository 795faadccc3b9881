package dev.mpmarketplace.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventTypes;
import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotificationReader;
import dev.mpmarketplace.events.notification.Verification;
import dev.mpmarketplace.testing.clock.AdjustableClock;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.KafkaTestBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.WebhookDelivery;
import dev.mpmarketplace.testing.mercadopago.WebhookSigner;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.notifications.MercadoPagoNotification;
import dev.mpmarketplace.testing.notifications.Notifications;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * Mercado Pago notifications end to end: the sandbox delivers real signed webhooks to the service on port 8081, the
 * records are read back from the real broker, and every attack issue 9 lists fails: nothing it sends is published,
 * or nothing new.
 */
@QuarkusTest
@WithKafkaBroker
@WithMercadoPagoSandbox
@WithVaultDevServer
class MercadoPagoWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(30);
    private static final List<String> RAW_TOPICS = Topic.ofKind(Topic.Kind.RAW_NOTIFICATION).stream()
            .map(Topic::topicName).toList();

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @ConfigProperty(name = "mercadopago.sandbox-url")
    String sandboxUrl;

    @ConfigProperty(name = "ingest.mercadopago.webhook-secret")
    String webhookSecret;

    @Inject
    AdjustableClock clock;

    @Inject
    MeterRegistry metrics;

    SandboxControl sandbox;
    WebhookSigner signer;

    @BeforeEach
    void clients() {
        sandbox = new SandboxControl(sandboxUrl);
        signer = new WebhookSigner(webhookSecret);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    // --- Real signed deliveries from the sandbox --------------------------------------------------------------------

    @Test
    void aPaymentMadeThroughTheSandboxArrivesSignedAndLandsOnThePaymentTopicWithKeyHeadersAndBodyAsSent() {
        long seller = sandbox.sellerId("SELLER_ONE");
        String token = sandbox.linkSeller(seller);
        String paymentId = sandbox.createPayment(token).get("id").asText();

        WebhookDelivery delivery = sandbox.awaitDeliveryOf("payment", paymentId, null, DELIVERY_WAIT);

        assertThat(delivery.isDelivered()).isTrue();
        assertThat(delivery.signed()).isTrue();
        ConsumerRecord<String, byte[]> record = onlyRecord(Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS, seller, paymentId);
        assertPublishedAsSent(record, delivery, seller);
    }

    @Test
    void aSellerAuthorizingTheApplicationArrivesAsMpConnectOnTheConnectTopic() {
        long seller = sandbox.newSeller();
        sandbox.authorize(seller, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

        WebhookDelivery delivery = sandbox.awaitDeliveryOf("mp-connect", null, seller, DELIVERY_WAIT);

        assertThat(delivery.isDelivered()).isTrue();
        ConsumerRecord<String, byte[]> record = onlyRecord(Topic.MERCADOPAGO_CONNECT_NOTIFICATIONS, seller,
                delivery.dataId());
        assertPublishedAsSent(record, delivery, seller);
        assertThat(header(record, "ce_type")).isEqualTo("dev.mpmarketplace.notification.mercadopago.mp-connect.v1");
        assertThat(header(record, "ce_action")).isEqualTo("application.authorized");
    }

    @ParameterizedTest(name = "{0} lands on {2}")
    @CsvSource({
            "merchant_order, merchant_order.updated, MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS",
            "point_integration_wh, state_FINISHED, MERCADOPAGO_POINT_NOTIFICATIONS",
            "order, order.processed, MERCADOPAGO_ORDER_NOTIFICATIONS",
            "payment, payment.updated, MERCADOPAGO_PAYMENT_NOTIFICATIONS",
            "wallet_connect, wallet.updated, UNROUTED_NOTIFICATIONS",
            "stop_delivery_op_wh, fraud.alert, UNROUTED_NOTIFICATIONS"})
    void everyMercadoPagoTopicFromTheSandboxLandsOnItsOwnTopic(String type, String action, Topic topic) {
        long seller = sandbox.sellerId("SELLER_ONE");
        String dataId = type.equals("order")
                ? "ORD01J49MMW3SSBK5PSV3DFR" + Notifications.uniqueId().substring(0, 4)
                : Notifications.uniqueId();

        WebhookDelivery delivery = sandbox.awaitFinished(sandbox.emit(type, action, dataId, seller).delivery().id(),
                DELIVERY_WAIT);

        assertThat(delivery.isDelivered()).isTrue();
        assertPublishedAsSent(onlyRecord(topic, seller, dataId), delivery, seller);
    }

    @Test
    void aMerchantOrderNotificationWhoseIdIsTheOrderIsKeyedByTheOrderAndHasNoNotificationId() {
        long seller = sandbox.sellerId("SELLER_ONE");
        String orderId = Notifications.uniqueId();

        WebhookDelivery delivery = sandbox.awaitFinished(
                sandbox.emit("topic_merchant_order_wh", "update", orderId, seller).delivery().id(), DELIVERY_WAIT);

        ConsumerRecord<String, byte[]> record = onlyRecord(Topic.MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS, seller,
                orderId);
        assertThat(header(record, "ce_id")).isEqualTo(signedEventId(orderId, delivery.lastAttempt().requestId()));
        assertThat(header(record, "ce_providerid")).isNull();
        assertThat(json(record.value())).isEqualTo(delivery.notification());
    }

    @Test
    void anAcceptedNotificationIsLoggedAtInfoWithItsIdentifiersAndNeverItsSignature() {
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId()).seller(44444);
        String requestId = UUID.randomUUID().toString();
        String signature = signer.signNow(payment.dataId(), requestId);
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = capturing(logged);
        Logger.getLogger("").addHandler(capture);
        try {
            String eventId = post(payment, requestId, signature).then().statusCode(200).extract().path("event_id");

            assertThat(logged).filteredOn(record -> payment.dataId().equals(mdc(record).get("resource_id")))
                    .singleElement()
                    .satisfies(record -> {
                        assertThat(record.getLevel()).isEqualTo(Level.INFO);
                        assertThat(text(record)).isEqualTo("notification accepted");
                        assertThat(mdc(record)).containsEntry("request_id", requestId)
                                .containsEntry("notification_topic", "payment").containsEntry("seller_id", "44444")
                                .containsEntry("event_id", eventId);
                    });
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        assertThat(logged).noneSatisfy(record -> assertThat(text(record) + mdc(record))
                .contains(WebhookSigner.hashOf(signature)));
    }

    // --- Attacks: each must fail the attacker ------------------------------------------------------------------------

    @Test
    void aGenuineDeliveryReplayedInsideTheWindowIsAnswered200AndPublishesNothingNew() {
        WebhookDelivery delivery = genuinePaymentDelivery();
        String resourceId = delivery.dataId();
        double replaysBefore = replays(Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS);

        Response replay = resend(delivery.lastAttempt(), delivery.notification().toString());

        replay.then().statusCode(200)
                .body("event_id", equalTo(signedEventId(resourceId, delivery.lastAttempt().requestId())));
        assertThat(recordsAbout(resourceId)).hasSize(1);
        assertThat(replays(Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS)).isEqualTo(replaysBefore + 1);
    }

    @Test
    void aCapturedSignatureReplayedWithARewrittenBodyPublishesNothing() {
        WebhookDelivery delivery = genuinePaymentDelivery();
        ObjectNode rewritten = delivery.notification().deepCopy();
        rewritten.put("user_id", sandbox.sellerId("SELLER_TWO")).put("action", "payment.refunded").put("id", 1);

        resend(delivery.lastAttempt(), rewritten.toString()).then().statusCode(200);

        assertThat(recordsAbout(delivery.dataId())).singleElement()
                .satisfies(record -> assertThat(json(record.value())).isEqualTo(delivery.notification()));
    }

    @Test
    void aCapturedSignatureReplayedOutsideTheWindowIsRefusedAsStale() {
        WebhookDelivery delivery = genuinePaymentDelivery();

        clock.advance(Duration.ofMinutes(6));

        resend(delivery.lastAttempt(), delivery.notification().toString()).then().statusCode(401)
                .body("type", equalTo("https://mpmarketplace.dev/problems/timestamp-out-of-tolerance"));
        assertThat(recordsAbout(delivery.dataId())).hasSize(1);
    }

    @Test
    void aCapturedSignatureSentUnderAnotherTypeIsRefusedAsABodyMismatch() {
        WebhookDelivery delivery = genuinePaymentDelivery();
        WebhookDelivery.Attempt attempt = delivery.lastAttempt();

        given().header("x-signature", attempt.xSignature()).header("x-request-id", attempt.requestId())
                .contentType("application/json").body(delivery.notification().toString())
                .post("/webhooks/mercadopago?data.id=" + delivery.dataId() + "&type=mp-connect")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/body-mismatch"));

        assertThat(recordsAbout(delivery.dataId())).hasSize(1);
        assertThat(recordsOn(Topic.MERCADOPAGO_CONNECT_NOTIFICATIONS, delivery.dataId())).isEmpty();
    }

    @Test
    void aSignedBodyWhoseTypeDisagreesWithTheQueryIsRefused() {
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId());
        ObjectNode body = Notifications.mpConnect(44444, "application.deauthorized").body();
        body.putObject("data").put("id", payment.dataId());

        postSigned(payment, body.toString()).then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/body-mismatch"))
                .body("detail", containsString("type"));

        assertNothingPublishedAbout(payment.dataId());
    }

    @Test
    void aSignedBodyNamingAnotherResourceThanTheSignedDataIdIsRefused() {
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId());
        ObjectNode body = payment.body();
        ((ObjectNode) body.get("data")).put("id", Notifications.uniqueId());

        postSigned(payment, body.toString()).then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/body-mismatch"))
                .body("detail", containsString("data.id"));

        assertNothingPublishedAbout(payment.dataId());
    }

    @Test
    void aMerchantOrderBodyNamingAnotherOrderIsRefused() {
        MercadoPagoNotification order = Notifications.merchantOrder(Notifications.uniqueId());
        ObjectNode body = order.body().put("id", Notifications.uniqueId());

        postSigned(order, body.toString()).then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/body-mismatch"));

        assertNothingPublishedAbout(order.dataId());
    }

    @Test
    void aCapturedSignatureWhoseRequestIdIsMovedIntoTheDataIdIsRefused() {
        // id:<data.id>;request-id:<x-request-id>;ts:<ts>; -- with data.id "<id>;request-id:<rid>" and no x-request-id
        // header the manifest is unchanged, so the signature would verify for a resource it never named.
        WebhookDelivery delivery = genuinePaymentDelivery();
        WebhookDelivery.Attempt attempt = delivery.lastAttempt();
        String forgedDataId = delivery.dataId() + ";request-id:" + attempt.requestId();

        given().header("x-signature", attempt.xSignature()).contentType("application/json")
                .body(delivery.notification().toString())
                .queryParam("data.id", forgedDataId).queryParam("type", "payment")
                .post("/webhooks/mercadopago")
                .then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/invalid-field"))
                .body("detail", containsString("data.id"));

        assertThat(recordsAbout(delivery.dataId())).hasSize(1);
        assertThat(recordsAbout(forgedDataId)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"123;456", "123:456", "123;request-id:abc", "ts:1"})
    void aDataIdWithAManifestSeparatorIsRefusedEvenWhenSigned(String dataId) {
        String requestId = UUID.randomUUID().toString();

        given().header("x-signature", signer.signNow(dataId, requestId)).header("x-request-id", requestId)
                .contentType("application/json").body(Notifications.payment(dataId).json())
                .queryParam("data.id", dataId).queryParam("type", "payment")
                .post("/webhooks/mercadopago")
                .then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/invalid-field"));

        assertThat(records()).noneMatch(record -> record.key().endsWith(":" + dataId));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "\"44444:1\"", "\"44444;1\"", "-5", "0", "1.5", "\"\"", "{}", "true",
            "99999999999999999999"})
    void aUserIdThatIsNotAUserIdIsRefused(String userId) {
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId());
        String body = payment.json().replaceFirst("\"user_id\":\\d+", "\"user_id\":" + userId);

        postSigned(payment, body).then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/invalid-field"))
                .body("detail", containsString("user_id"));

        assertNothingPublishedAbout(payment.dataId());
    }

    @Test
    void aForgedSignatureIsRefusedWith401AndNeitherTheAnswerNorTheLogShowsIt() {
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId());
        String requestId = UUID.randomUUID().toString();
        String forged = new WebhookSigner("a-guessed-secret").signNow(payment.dataId(), requestId);
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = capturing(logged);
        Logger.getLogger("").addHandler(capture);
        try {
            post(payment, requestId, forged).then().statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://mpmarketplace.dev/problems/signature-mismatch"))
                    .body("title", equalTo("Invalid webhook signature"))
                    .body("status", equalTo(401))
                    .body("detail", containsString("signature-mismatch"))
                    .body("instance", equalTo("/webhooks/mercadopago"))
                    .body(not(containsString(WebhookSigner.hashOf(forged))));
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        assertThat(logged).anySatisfy(record -> assertThat(text(record)).contains("signature-mismatch"));
        assertThat(logged).noneSatisfy(record -> assertThat(text(record) + mdc(record))
                .contains(WebhookSigner.hashOf(forged)));
        assertNothingPublishedAbout(payment.dataId());
    }

    @Test
    void aSignatureOlderThanTheWindowIsRefusedAsStale() {
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId());
        String requestId = UUID.randomUUID().toString();
        long tenMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();

        post(payment, requestId, signer.sign(payment.dataId(), requestId, tenMinutesAgo))
                .then().statusCode(401)
                .body("type", equalTo("https://mpmarketplace.dev/problems/timestamp-out-of-tolerance"));

        assertNothingPublishedAbout(payment.dataId());
    }

    @Test
    void aGenuineSignatureMovedToAnotherResourceIsRefused() {
        WebhookDelivery delivery = genuinePaymentDelivery();
        MercadoPagoNotification other = Notifications.payment(Notifications.uniqueId());

        post(other, delivery.lastAttempt().requestId(), delivery.lastAttempt().xSignature())
                .then().statusCode(401)
                .body("type", equalTo("https://mpmarketplace.dev/problems/signature-mismatch"));

        assertNothingPublishedAbout(other.dataId());
    }

    @Test
    void aNotificationWithoutSignatureIsRefused() {
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId());

        given().contentType("application/json").body(payment.json())
                .post("/webhooks/mercadopago?" + payment.query())
                .then().statusCode(401)
                .body("type", equalTo("https://mpmarketplace.dev/problems/missing-signature-header"));

        assertNothingPublishedAbout(payment.dataId());
    }

    @Test
    void aNotificationWithoutDataIdIsRefusedWith400() {
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId());
        String requestId = UUID.randomUUID().toString();

        given().header("x-signature", signer.signNow(null, requestId)).header("x-request-id", requestId)
                .contentType("application/json").body(payment.json())
                .post("/webhooks/mercadopago?type=payment")
                .then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/missing-field"))
                .body("detail", containsString("data.id"));

        assertNothingPublishedAbout(payment.dataId());
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() {
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId());

        postSigned(payment, "{\"padding\":\"" + "x".repeat(64 * 1024) + "\"}")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/payload-too-large"))
                .body("status", equalTo(413));

        assertNothingPublishedAbout(payment.dataId());
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWith415() {
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId());
        String requestId = UUID.randomUUID().toString();

        given().header("x-signature", signer.signNow(payment.dataId(), requestId)).header("x-request-id", requestId)
                .contentType("text/plain").body(payment.json())
                .post("/webhooks/mercadopago?" + payment.query())
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/unsupported-media-type"));

        assertNothingPublishedAbout(payment.dataId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[1,2,3]", "{\"type\":\"payment\"} trailing", ""})
    void aSignedBodyThatIsNotOneJsonObjectIsRefusedWith400(String garbage) {
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId());

        postSigned(payment, garbage)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/malformed-json"))
                .body(not(containsString("Exception")));

        assertNothingPublishedAbout(payment.dataId());
    }

    @Test
    void aSignedNotificationWithoutTypeIsRefusedWith400() {
        String dataId = Notifications.uniqueId();
        String requestId = UUID.randomUUID().toString();
        ObjectNode body = Notifications.payment(dataId).body();
        body.remove("type");

        given().header("x-signature", signer.signNow(dataId, requestId)).header("x-request-id", requestId)
                .contentType("application/json").body(body.toString())
                .post("/webhooks/mercadopago?data.id=" + dataId)
                .then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/missing-field"))
                .body("detail", containsString("type"));

        assertNothingPublishedAbout(dataId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
    void anotherMethodThanPostIsRefusedWith405(String method) {
        given().contentType("application/json").body("{}")
                .request(method, "/webhooks/mercadopago")
                .then().statusCode(405)
                .contentType("application/problem+json")
                .header("Allow", containsString("POST"))
                .body("type", equalTo("https://mpmarketplace.dev/problems/method-not-allowed"));
    }

    // --- Legacy IPN ---------------------------------------------------------------------------------------------------

    @Test
    void anIpnCarriesItsQueryAndNothingAConsumerWouldTrust() {
        long seller = sandbox.sellerId("SELLER_ONE");
        String resourceId = Notifications.uniqueId();
        String forgedDeauthorization = Notifications.mpConnect(seller, "application.deauthorized").json();

        String first = given().contentType("application/json").body(forgedDeauthorization)
                .post("/webhooks/mercadopago?topic=mp-connect&id=" + resourceId)
                .then().statusCode(200).extract().path("event_id");
        String second = given().post("/webhooks/mercadopago?topic=mp-connect&id=" + resourceId)
                .then().statusCode(200).extract().path("event_id");

        List<ConsumerRecord<String, byte[]>> records = recordsAbout(resourceId);
        assertThat(records).hasSize(2).allSatisfy(record -> {
            RawNotification ipn = RawNotificationReader.read(record);
            assertThat(ipn.topic()).isEqualTo(Topic.MERCADOPAGO_CONNECT_NOTIFICATIONS);
            assertThat(ipn.key()).isEqualTo("unknown:" + resourceId);
            assertThat(ipn.sellerId()).isNull();
            assertThat(ipn.attributes().subject()).isNull();
            assertThat(ipn.verification()).isEqualTo(Verification.UNSIGNED_IPN);
            assertThat(ipn.action()).isNull();
            assertThat(ipn.headers().providerId()).isNull();
            assertThat(ipn.body()).isEqualTo(JSON.createObjectNode().put("topic", "mp-connect").put("id", resourceId));
        });
        assertThat(records).extracting(record -> header(record, "ce_id")).containsExactlyInAnyOrder(first, second)
                .as("nobody chooses an IPN's id").doesNotHaveDuplicates();
    }

    // --- helpers ------------------------------------------------------------------------------------------------------

    /** A payment notification the sandbox delivered to the service, signed, published once. */
    private WebhookDelivery genuinePaymentDelivery() {
        long seller = sandbox.sellerId("SELLER_ONE");
        String dataId = Notifications.uniqueId();
        WebhookDelivery delivery = sandbox.awaitFinished(
                sandbox.emit("payment", "payment.created", dataId, seller).delivery().id(), DELIVERY_WAIT);
        assertThat(delivery.isDelivered()).isTrue();
        assertThat(recordsAbout(dataId)).hasSize(1);
        return delivery;
    }

    private void assertPublishedAsSent(ConsumerRecord<String, byte[]> record, WebhookDelivery delivery, long seller) {
        WebhookDelivery.Attempt attempt = delivery.lastAttempt();
        assertThat(json(record.value())).isEqualTo(delivery.notification());
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_id")).isEqualTo(signedEventId(delivery.dataId(), attempt.requestId()));
        assertThat(header(record, "ce_source")).isEqualTo("/notification-ingest-service");
        assertThat(header(record, "ce_type")).isEqualTo(EventTypes.rawNotification("mercadopago", delivery.type()));
        assertThat(header(record, "ce_subject")).isEqualTo(Long.toString(seller));
        assertThat(OffsetDateTime.parse(header(record, "ce_time")))
                .isBetween(OffsetDateTime.now().minusMinutes(2), OffsetDateTime.now().plusSeconds(1));
        assertThat(header(record, "content-type")).isEqualTo(CloudEventAttributes.JSON);
        assertThat(header(record, "ce_requestid")).isEqualTo(attempt.requestId());
        assertThat(header(record, "ce_verification")).isEqualTo("valid");
        assertThat(header(record, "ce_providertopic")).isEqualTo(delivery.type());
        assertThat(header(record, "ce_action")).isEqualTo(delivery.action());
        if (!delivery.type().equals("topic_merchant_order_wh")) {
            assertThat(header(record, "ce_providerid")).isEqualTo(delivery.notificationId());
        }
        assertThat(record.headers().toArray()).noneSatisfy(
                header -> assertThat(new String(header.value(), StandardCharsets.UTF_8))
                        .contains(WebhookSigner.hashOf(attempt.xSignature())));
        RawNotification read = RawNotificationReader.read(record);
        assertThat(read.sellerId()).isEqualTo(seller);
        assertThat(read.resourceId()).isEqualTo(delivery.dataId());
    }

    /** The documented CloudEvents id of a signed delivery (decision 0007): signed values only. */
    private static String signedEventId(String dataId, String requestId) {
        return StableEventId.of("mercadopago", "webhook", dataId, "request-id", requestId);
    }

    private ConsumerRecord<String, byte[]> onlyRecord(Topic topic, long seller, String resourceId) {
        String key = seller + ":" + resourceId;
        List<ConsumerRecord<String, byte[]>> records = records().stream().filter(r -> key.equals(r.key())).toList();
        assertThat(records).as("records with key %s", key).hasSize(1);
        assertThat(records.get(0).topic()).isEqualTo(topic.topicName());
        return records.get(0);
    }

    private List<ConsumerRecord<String, byte[]>> records() {
        return broker.records(RAW_TOPICS);
    }

    private List<ConsumerRecord<String, byte[]>> recordsAbout(String resourceId) {
        return records().stream().filter(record -> record.key().endsWith(":" + resourceId)).toList();
    }

    private List<ConsumerRecord<String, byte[]>> recordsOn(Topic topic, String resourceId) {
        return recordsAbout(resourceId).stream().filter(record -> record.topic().equals(topic.topicName())).toList();
    }

    private void assertNothingPublishedAbout(String resourceId) {
        assertThat(recordsAbout(resourceId)).isEmpty();
    }

    private double replays(Topic topic) {
        return metrics.get("ingest.webhook.replays").tag("topic", topic.topicName()).counter().count();
    }

    private static Response post(MercadoPagoNotification notification, String requestId, String signature) {
        return given().header("x-signature", signature).header("x-request-id", requestId)
                .contentType("application/json").body(notification.json())
                .post("/webhooks/mercadopago?" + notification.query());
    }

    /** Signs the notification's query with the service's secret and sends the given body with it. */
    private Response postSigned(MercadoPagoNotification notification, String body) {
        String requestId = UUID.randomUUID().toString();
        return given().header("x-signature", signer.signNow(notification.dataId(), requestId))
                .header("x-request-id", requestId)
                .contentType("application/json").body(body)
                .post("/webhooks/mercadopago?" + notification.query());
    }

    /** Sends a recorded sandbox attempt's exact query and headers again, with the given body. */
    private static Response resend(WebhookDelivery.Attempt attempt, String body) {
        return given().header("x-signature", attempt.xSignature()).header("x-request-id", attempt.requestId())
                .contentType("application/json").body(body)
                .urlEncodingEnabled(false)
                .post(attempt.pathAndQuery());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return KafkaTestBroker.header(record, name);
    }

    private static JsonNode json(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(value, StandardCharsets.UTF_8), e);
        }
    }

    private static String text(LogRecord record) {
        return record instanceof ExtLogRecord extended ? extended.getFormattedMessage() : record.getMessage();
    }

    private static Map<String, String> mdc(LogRecord record) {
        return record instanceof ExtLogRecord extended ? extended.getMdcCopy() : Map.of();
    }

    private static Handler capturing(List<LogRecord> records) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord extended) {
                    extended.copyMdc();
                }
                synchronized (records) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
