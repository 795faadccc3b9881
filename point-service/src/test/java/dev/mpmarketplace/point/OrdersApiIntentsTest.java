package dev.mpmarketplace.point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.mpmarketplace.events.point.PointIntentEventTypes;
import dev.mpmarketplace.point.service.IntentSweep;
import dev.mpmarketplace.point.support.ChallengeResponder;
import dev.mpmarketplace.point.support.PointFixture;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sellertokens.SellerSecrets;
import dev.mpmarketplace.testing.auth.ApiTokens;
import dev.mpmarketplace.testing.auth.InjectApiTokens;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.clock.AdjustableClock;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.InjectMercadoPagoSandbox;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.SandboxControl.DeviceAction;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * Payment intents through the Orders API ({@code /v1/orders}, {@code type: point}) against the sandbox's device
 * simulator: the same API, states and events as the Integration API (the mapping table in
 * docs/services/point-service.md), followed from {@code order} notifications as hints.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
@WithTestResource(ChallengeResponder.class)
class OrdersApiIntentsTest {

    static final String ADAPTER = "ORDERS_API";

    @InjectMercadoPagoSandbox
    MercadoPagoSandbox sandbox;

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @InjectApiTokens
    ApiTokens tokens;

    @Inject
    SellerSecrets secrets;

    @Inject
    IntentSweep sweep;

    @Inject
    AdjustableClock clock;

    PointFixture point;
    SandboxControl control;

    @BeforeEach
    void fixture() {
        control = new SandboxControl(sandbox.url());
        point = new PointFixture(control, tokens, secrets, broker);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anOrderIsCreatedOnceByItsKeyAndFollowedToFinishedWithTheSameEventsAsAnIntent() {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);
        String key = UUID.randomUUID().toString();
        Response created = point.create(seller, device, "15.50", key);
        created.then().statusCode(201);
        String id = created.path("id");
        assertThat(created.<String>path("adapter")).isEqualTo("orders_api");
        assertThat(created.<String>path("state")).isEqualTo("OPEN");
        String orderId = created.path("mercadopago_id");
        assertThat(orderId).startsWith("ORD");
        assertThat(point.create(seller, device, "15.50", key).<String>path("id")).isEqualTo(id);

        Response busy = point.create(seller, device, "30.00", UUID.randomUUID().toString());
        busy.then().statusCode(409);
        assertThat(busy.<String>path("queued_intent_id")).isEqualTo(id);

        control.actOnDevice(device, DeviceAction.PROCESS, Map.of("outcome", "approved"));
        point.notifyOrder(seller, orderId, "order.processed");
        point.notifyOrder(seller, orderId, "order.processed");
        point.awaitState(id, "FINISHED");
        assertThat(point.intent(id).<Object>path("payment.id")).isNotNull();
        assertThat(point.intent(id).<String>path("currency")).isNotBlank();
        await().atMost(PointFixture.WAIT).untilAsserted(() -> assertThat(point.eventTypes(seller, id)).containsExactly(
                PointIntentEventTypes.CREATED, PointIntentEventTypes.STATE_CHANGED, PointIntentEventTypes.FINISHED));
    }

    @Test
    void anOrderIsCancelledAtOnceBeforePickUpAndAsynchronouslyAtTheTerminal() {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);
        String early = point.queued(seller, device, "20.00");
        Response cancelled = point.cancel(early);
        cancelled.then().statusCode(200);
        assertThat(cancelled.<String>path("state")).isEqualTo("CANCELED");

        String late = point.queued(seller, device, "21.00");
        control.actOnDevice(device, DeviceAction.PICK_UP);
        point.notifyOrder(seller, point.mercadopagoId(late), "order.at_terminal");
        point.awaitState(late, "ON_TERMINAL");
        Response requested = point.cancel(late);
        requested.then().statusCode(202);
        assertThat(requested.<String>path("cancel_requested_at")).isNotNull();
        // The terminal completes it; the notification of it is lost, and the sweep finds it.
        control.advanceClock(Duration.ofSeconds(3));
        clock.advance(Duration.ofMinutes(3));
        PointFixture.onVertx(() -> sweep.sweep());
        assertThat(point.state(late)).isEqualTo("CANCELED");
    }

    @Test
    void everyEndStateOfTheTerminalIsFollowed() {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);

        String rejected = point.queued(seller, device, "12.00");
        control.actOnDevice(device, DeviceAction.PROCESS, Map.of("outcome", "rejected"));
        point.notifyOrder(seller, point.mercadopagoId(rejected), "order.failed");
        point.awaitState(rejected, "REJECTED");

        String error = point.queued(seller, device, "13.00");
        control.actOnDevice(device, DeviceAction.ERROR);
        point.notifyOrder(seller, point.mercadopagoId(error), "order.failed");
        point.awaitState(error, "ERROR");

        String expired = point.queued(seller, device, "14.00");
        control.actOnDevice(device, DeviceAction.ABANDON);
        point.notifyOrder(seller, point.mercadopagoId(expired), "order.expired");
        point.awaitState(expired, "ABANDONED");

        String actionRequired = point.queued(seller, device, "16.00");
        control.actOnDevice(device, DeviceAction.CONFIRMATION_REQUIRED, Map.of("outcome", "approved"));
        point.notifyOrder(seller, point.mercadopagoId(actionRequired), "order.action_required");
        point.awaitState(actionRequired, "FINISHED");
    }

    @Test
    void aFinishedOrderIsRefundedWithoutTheTerminal() {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);
        String paid = point.queued(seller, device, "40.00");
        control.actOnDevice(device, DeviceAction.PROCESS, Map.of("outcome", "approved"));
        point.notifyOrder(seller, point.mercadopagoId(paid), "order.processed");
        point.awaitState(paid, "FINISHED");

        Response refund = point.refund(paid, UUID.randomUUID().toString());
        refund.then().statusCode(201);
        String refundId = refund.path("id");
        point.notifyOrder(seller, point.mercadopagoId(paid), "order.refunded");
        point.awaitState(refundId, "FINISHED");
        point.awaitState(paid, "REFUNDED");
        // The device was never held by the refund: another payment is queued at once.
        point.queued(seller, device, "41.00");
    }

    @Test
    void aCreationWhoseAnswerIsLostIsSettledByRepeatingItWithTheSameKeyNeverQueuedTwice() {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);
        control.fault(Map.of("kind", "lost_answer", "mode", "error", "status", 502, "method", "POST", "path",
                "/v1/orders", "times", 1));
        Response pending = point.create(seller, device, "19.00", UUID.randomUUID().toString());
        pending.then().statusCode(202);
        String id = pending.path("id");
        String queued = control.pointDevice(device).path("queued").path("id").asText();
        assertThat(queued).startsWith("ORD");

        clock.advance(Duration.ofSeconds(30));
        PointFixture.onVertx(() -> sweep.sweep());
        assertThat(point.state(id)).isEqualTo("OPEN");
        assertThat(point.mercadopagoId(id)).isEqualTo(queued);
        assertThat(control.pointDevice(device).path("queued").path("id").asText()).isEqualTo(queued);
    }

    @Test
    void aRefundWhoseAnswerIsLostIsSettledByItsPaymentOnceTooOldToRepeat() {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);
        String paid = point.queued(seller, device, "42.00");
        control.actOnDevice(device, DeviceAction.PROCESS, Map.of("outcome", "approved"));
        point.notifyOrder(seller, point.mercadopagoId(paid), "order.processed");
        point.awaitState(paid, "FINISHED");

        control.fault(Map.of("kind", "lost_answer", "mode", "error", "status", 502, "method", "POST", "path",
                "/v1/orders/*/refund", "times", 1));
        Response pending = point.refund(paid, UUID.randomUUID().toString());
        pending.then().statusCode(202);
        String refundId = pending.path("id");
        assertThat(point.state(paid)).isEqualTo("FINISHED");

        // Past point.intents.retry-creation-within, it is not repeated: the payment says it was refunded.
        clock.advance(Duration.ofMinutes(3));
        PointFixture.onVertx(() -> sweep.sweep());
        assertThat(point.state(refundId)).isEqualTo("FINISHED");
        assertThat(point.state(paid)).isEqualTo("REFUNDED");
    }
}
