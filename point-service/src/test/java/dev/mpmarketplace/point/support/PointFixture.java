package dev.mpmarketplace.point.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotifications;
import dev.mpmarketplace.mercadopago.client.oauth.GrantedTokens;
import dev.mpmarketplace.sellertokens.SellerSecrets;
import dev.mpmarketplace.testing.auth.ApiTokens;
import dev.mpmarketplace.testing.kafka.KafkaTestBroker;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;

/**
 * What the Point tests do over and over, as the marketplace's backend, Mercado Pago's device and the ingest edge
 * would: link a sandbox seller (its tokens in Vault, where seller-linking-service keeps them), switch Point on, queue
 * intents through the API, act on the device, and deliver notifications to Kafka as ingest publishes them.
 */
public final class PointFixture {

    public static final Duration WAIT = Duration.ofSeconds(20);

    private final SandboxControl sandbox;
    private final ApiTokens tokens;
    private final SellerSecrets secrets;
    private final KafkaTestBroker broker;

    public PointFixture(SandboxControl sandbox, ApiTokens tokens, SellerSecrets secrets, KafkaTestBroker broker) {
        this.sandbox = sandbox;
        this.tokens = tokens;
        this.secrets = secrets;
        this.broker = broker;
    }

    /**
     * Runs a use case the way its scheduler does, on a Vert.x context of its own (Hibernate Reactive needs one), and
     * waits for its outcome.
     */
    public static <T> T onVertx(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    public SandboxControl sandbox() {
        return sandbox;
    }

    /** A new sandbox seller linked to the marketplace application, its OAuth token in Vault. */
    public long linkedSeller() {
        long seller = sandbox.newSeller();
        String accessToken = sandbox.linkSeller(seller);
        secrets.write(new GrantedTokens(seller, accessToken, "refresh-" + UUID.randomUUID(), null,
                "offline_access read write", false, OffsetDateTime.now(ZoneOffset.UTC).plusHours(6)), 0)
                .await().atMost(WAIT);
        return seller;
    }

    /** The seller's OAuth token, as the marketplace application holds it. */
    public String tokenOf(long seller) {
        return secrets.read(seller).await().atMost(WAIT).orElseThrow().accessToken();
    }

    /** A linked seller with Point switched on through that adapter. */
    public long pointSeller(String adapter) {
        long seller = linkedSeller();
        configure(seller, true, adapter).then().statusCode(200);
        return seller;
    }

    public Response configure(long seller, boolean enabled, String adapter) {
        return given().header("Authorization", tokens.bearer(Roles.POINT_OPERATE)).contentType("application/json")
                .body(Map.of("enabled", enabled, "adapter", adapter)).put("/sellers/" + seller + "/point");
    }

    /** The seller's integrated (PDV) device. */
    public String pdvDevice(long seller) {
        return sandbox.pointDevice(seller, "PDV");
    }

    public Response create(long seller, String device, String amount, String key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seller_id", seller);
        body.put("device_id", device);
        body.put("amount", new BigDecimal(amount));
        body.put("description", "table 7");
        return create(body, key);
    }

    public Response create(Map<String, Object> body, String key) {
        var request = given().header("Authorization", tokens.bearer(Roles.POINT_OPERATE))
                .contentType("application/json").body(body);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.post("/intents");
    }

    /** Creates an intent that must be queued, and answers its id. */
    public String queued(long seller, String device, String amount) {
        return create(seller, device, amount, UUID.randomUUID().toString()).then().statusCode(201).extract()
                .path("id");
    }

    public Response intent(String id) {
        return given().header("Authorization", tokens.bearer(Roles.POINT_READ)).get("/intents/" + id);
    }

    public String state(String id) {
        return intent(id).then().statusCode(200).extract().path("state");
    }

    public void awaitState(String id, String state) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> state.equals(state(id)));
    }

    public Response cancel(String id) {
        return given().header("Authorization", tokens.bearer(Roles.POINT_OPERATE)).post("/intents/" + id + "/cancel");
    }

    public Response refund(String id, String key) {
        return given().header("Authorization", tokens.bearer(Roles.POINT_OPERATE)).header("Idempotency-Key", key)
                .post("/intents/" + id + "/refund");
    }

    /** Mercado Pago's id of our intent (the payment intent's, or the order's). */
    public String mercadopagoId(String id) {
        return intent(id).then().statusCode(200).extract().path("mercadopago_id");
    }

    /** The Point integrator webhook's notification of that state, as ingest publishes it. */
    public void notifyPoint(long seller, String mercadopagoId, String state) {
        byte[] body = ("{\"id\":\"" + mercadopagoId + "\",\"state\":\"" + state + "\",\"caller_id\":" + seller + "}")
                .getBytes(StandardCharsets.UTF_8);
        broker.publish(RawNotifications.pointIntent(mercadopagoId, state, seller, null, body,
                OffsetDateTime.now(ZoneOffset.UTC)).toProducerRecord());
    }

    /** An Orders API notification about the order, as ingest publishes it. */
    public void notifyOrder(long seller, String orderId, String action) {
        byte[] body = ("{\"type\":\"order\",\"action\":\"" + action + "\",\"user_id\":\"" + seller
                + "\",\"data\":{\"id\":\"" + orderId + "\"}}").getBytes(StandardCharsets.UTF_8);
        broker.publish(RawNotifications.mercadoPagoWebhook("order", orderId, UUID.randomUUID().toString(),
                Long.toString(System.currentTimeMillis()), seller, action, null, body,
                OffsetDateTime.now(ZoneOffset.UTC)).toProducerRecord());
    }

    /** The CloudEvent types of the intent's events on point-intents.events, in order. */
    public List<String> eventTypes(long seller, String id) {
        String key = seller + ":" + id;
        return broker.records(List.of(Topic.POINT_INTENT_EVENTS.topicName())).stream()
                .filter(record -> key.equals(record.key()))
                .map(record -> KafkaTestBroker.header(record, CloudEventAttributes.HEADER_TYPE)).toList();
    }

    public List<ConsumerRecord<String, byte[]>> events(long seller, String id) {
        String key = seller + ":" + id;
        return broker.records(List.of(Topic.POINT_INTENT_EVENTS.topicName())).stream()
                .filter(record -> key.equals(record.key())).toList();
    }
}
