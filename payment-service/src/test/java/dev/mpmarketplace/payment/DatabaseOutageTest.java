package dev.mpmarketplace.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.SqlConnection;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.payment.service.PaymentNotifications;
import dev.mpmarketplace.payment.support.Kafka;
import dev.mpmarketplace.payment.support.PaymentRequestsForTests;
import dev.mpmarketplace.payment.support.PaymentServiceTest;
import dev.mpmarketplace.payment.support.Sellers;
import dev.mpmarketplace.support.problem.Problem;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.EmbeddedPostgresServer;
import dev.mpmarketplace.testing.postgres.InjectTestDatabase;
import dev.mpmarketplace.testing.postgres.TestDatabase;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * PostgreSQL stopped under the running service (as an operator or a crash would: sessions ended, connections refused)
 * and started again on the same address: meanwhile an API call is answered 503 {@code database-unavailable} with
 * {@code Retry-After}, saying nothing of the database's address, statements or stack; once it is back, the same call
 * (the same Idempotency-Key for a create) is carried out as if nothing had happened, and a notification that came
 * meanwhile was retried in place and applied, not dead-lettered. The same resources as every
 * payment-service test, so the application is not started again for it.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class DatabaseOutageTest extends PaymentServiceTest {

    @InjectTestDatabase
    TestDatabase database;

    Response read(String id, String role) {
        return given().header("Authorization", tokens.bearer(role)).get("/payments/{id}", id);
    }

    /** The answer while the database is down: the problem and nothing about the database. */
    void assertDatabaseUnavailable(Response answer, String instance) {
        answer.then().statusCode(503).contentType(Problem.MEDIA_TYPE).header("Retry-After", "5")
                .body("type", equalTo(Problem.TYPE_BASE + "database-unavailable"))
                .body("title", equalTo("Database unavailable")).body("status", equalTo(503))
                .body("instance", equalTo(instance));
        assertThat(answer.body().asString()).as("nothing about the database, the failure or the caller")
                .doesNotContain(String.valueOf(database.port()), database.name(), "localhost", "127.0.0.1",
                        "postgres", "Exception", "select", "SELECT", "at dev.", "at io.",
                        tokens.bearer(Roles.PAYMENTS_READ).substring("Bearer ".length()),
                        tokens.bearer(Roles.PAYMENTS_WRITE).substring("Bearer ".length()));
    }

    @Test
    void whileTheDatabaseIsDownCallsAreAnswered503AndOnceItIsBackTheSameCallsSucceed() {
        Sellers.LinkedSeller seller = linkedSeller();
        String paymentId = create("before-the-outage", PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "10.00", null)).then().statusCode(201).extract()
                .path("id");
        Map<String, Object> request = PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "11.00", null);

        EmbeddedPostgresServer.stop();
        try {
            assertDatabaseUnavailable(read(paymentId, Roles.PAYMENTS_READ), "/payments/" + paymentId);
            assertDatabaseUnavailable(create("during-the-outage", request), "/payments");
        } finally {
            EmbeddedPostgresServer.restart();
        }

        read(paymentId, Roles.PAYMENTS_READ).then().statusCode(200).body("id", equalTo(paymentId));
        Response created = create("during-the-outage", request);
        created.then().statusCode(201).body("status", equalTo("approved"));
        assertThat(created.header("Idempotent-Replayed")).as("carried out now, not replayed").isNull();
        List<JsonNode> atMercadoPago = control().paymentsByExternalReference(seller.accessToken(),
                created.jsonPath().getString("id"));
        assertThat(atMercadoPago).as("the refused create made no payment; the repeated one made one").hasSize(1);
    }

    @Test
    void aCallInFlightWhenTheDatabaseStopsIsAnswered503Too() throws Exception {
        Sellers.LinkedSeller seller = linkedSeller();
        String paymentId = create("in-flight", PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "12.00", null)).then().statusCode(201).extract()
                .path("id");
        // the read waits for this lock, so it is inside its query (Hibernate Reactive's session) when the server stops
        SqlConnection locker = pool.getConnection().await().atMost(WAIT);
        locker.query("BEGIN").execute().await().atMost(WAIT);
        locker.query("LOCK TABLE payment IN ACCESS EXCLUSIVE MODE").execute().await().atMost(WAIT);
        CompletableFuture<Response> inFlight = CompletableFuture
                .supplyAsync(() -> read(paymentId, Roles.PAYMENTS_READ));
        awaitWaitingForLock();

        EmbeddedPostgresServer.stop();
        try {
            assertDatabaseUnavailable(inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS), "/payments/" + paymentId);
        } finally {
            EmbeddedPostgresServer.restart();
            locker.close().onFailure().recoverWithNull().await().atMost(WAIT);
        }

        read(paymentId, Roles.PAYMENTS_READ).then().statusCode(200).body("id", equalTo(paymentId));
    }

    @Test
    void aNotificationArrivingWhileTheDatabaseIsDownIsRetriedInPlaceAndAppliedOnceItIsBack() throws Exception {
        Sellers.LinkedSeller seller = linkedSeller();
        Response created = create("notified-in-outage", PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "CONT"), "13.00", null));
        created.then().statusCode(201).body("status", equalTo("in_process"));
        String paymentId = created.jsonPath().getString("id");
        long mercadoPagoId = created.jsonPath().getLong("mercadopago_payment_id");
        control().resolvePayment(mercadoPagoId, "approved");

        String eventId;
        EmbeddedPostgresServer.stop();
        try {
            eventId = kafka().publishNotification(Kafka.notification(seller.id(), mercadoPagoId, "payment.updated"));
            Thread.sleep(2_000); // the consumer meets the outage: its first attempts fail to connect
        } finally {
            EmbeddedPostgresServer.restart();
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(PaymentNotifications.CONSUMER, eventId))
                .isEqualTo("changed"));
        assertThat(read(paymentId, Roles.PAYMENTS_READ).jsonPath().getString("status")).isEqualTo("approved");
        assertThat(kafka().read(Topic.PAYMENT_DEAD_LETTERS, e -> e.value() != null
                && e.value().contains(Long.toString(mercadoPagoId)), 0, Duration.ZERO)).as("nothing dead-lettered")
                .isEmpty();
    }

    /** Until a session of the service waits for the test's lock on {@code payment}. */
    private void awaitWaitingForLock() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            long waiting = pool.query("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND datname = current_database()").execute().await().atMost(WAIT).iterator().next()
                    .getLong(0);
            if (waiting > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the read never waited for the lock");
    }
}
