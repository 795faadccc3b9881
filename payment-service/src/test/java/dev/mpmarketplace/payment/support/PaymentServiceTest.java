package dev.mpmarketplace.payment.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.payment.PaymentEventTypes;
import dev.mpmarketplace.payment.service.ReconciliationSweep;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sellertokens.SellerSecrets;
import dev.mpmarketplace.testing.auth.ApiTokens;
import dev.mpmarketplace.testing.auth.InjectApiTokens;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.InjectMercadoPagoSandbox;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;

/**
 * What every Quarkus test of payment-service has: the real dependencies its class declares (the same five on every
 * class, so Quarkus starts the application once for all of them:
 * {@code @WithKafkaBroker @WithPostgres @WithVaultDevServer @WithMercadoPagoSandbox(webhookUrl = ...9...)
 * @WithApiTokens}), and the small named steps the tests share. Every test makes sellers of its own and asserts per
 * seller or payment, since the application and its dependencies are shared; faults are cleared after each test.
 */
public abstract class PaymentServiceTest {

    /** How long anything asynchronous may take before a test fails. */
    protected static final Duration WAIT = Duration.ofSeconds(30);

    @InjectMercadoPagoSandbox
    protected MercadoPagoSandbox sandbox;

    @InjectKafkaBroker
    protected EmbeddedKafkaBroker broker;

    @InjectApiTokens
    protected ApiTokens tokens;

    @Inject
    protected SellerSecrets secrets;

    @Inject
    protected Pool pool;

    @Inject
    protected ReconciliationSweep sweep;

    protected SandboxControl control() {
        return new SandboxControl(sandbox.url());
    }

    protected Kafka kafka() {
        return new Kafka(broker);
    }

    /** A new seller of the test's own, linked (tokens in Vault). */
    protected Sellers.LinkedSeller linkedSeller() {
        return Sellers.linked(control(), secrets);
    }

    @AfterEach
    void noFaultsLeft() {
        control().clearFaults();
    }

    /** {@code POST /payments} with the write role and the given key. */
    protected Response create(String key, Object body) {
        return given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/payments");
    }

    /** {@code GET /payments/{id}} with the read role; the payment with its timeline, refunds and operations. */
    protected JsonNode read(String paymentId) {
        return given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ)).get("/payments/{id}", paymentId)
                .then().statusCode(200).extract().as(JsonNode.class);
    }

    /** What a consumer recorded for a record it processed, or {@code null} when it has not processed it. */
    protected String outcome(String consumer, String eventId) {
        var rows = pool.preparedQuery("SELECT outcome FROM processed_event WHERE consumer = $1 AND event_id = $2")
                .execute(Tuple.of(consumer, eventId)).await().atMost(WAIT);
        return rows.size() == 0 ? null : rows.iterator().next().getString("outcome");
    }

    /** The payment's status-changed events on {@code payments.events}, waiting for at least {@code atLeast}. */
    protected List<Kafka.Event> statusChanges(String paymentId, int atLeast) {
        return kafka().read(Topic.PAYMENT_EVENTS, e -> PaymentEventTypes.STATUS_CHANGED.equals(e.type())
                && paymentId.equals(e.data().path("payment_id").asText()), atLeast, Duration.ofSeconds(10));
    }

    /** Runs a reconciliation sweep as the scheduler does (on a Vert.x context); answers the changes it applied. */
    protected int sweepNow() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> sweep.sweep());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
