package dev.mpmarketplace.point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
import dev.mpmarketplace.sellertokens.PointIntegratorKeys;
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
 * Payment intents through the Integration API against the sandbox's device simulator: created idempotently, one per
 * device, followed from notifications as hints (duplicates and late ones move nothing), cancelled before pick-up and
 * refused after it, a dropped notification recovered by the sweep, every end state, and refunds.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
@WithTestResource(ChallengeResponder.class)
class IntegrationApiIntentsTest {

    static final String ADAPTER = "INTEGRATION_API";

    @InjectMercadoPagoSandbox
    MercadoPagoSandbox sandbox;

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @InjectApiTokens
    ApiTokens tokens;

    @Inject
    SellerSecrets secrets;

    @Inject
    PointIntegratorKeys keys;

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
        // Its sellers' webhooks pass the challenge, as with ingest in front.
        ChallengeResponder.keys = seller -> keys.read(seller).await().atMost(PointFixture.WAIT);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anIntentIsQueuedOnceByItsKeyAndFollowedFromNotificationsToFinishedWithItsPayment() {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);
        String key = UUID.randomUUID().toString();

        Response created = point.create(seller, device, "15.50", key);
        created.then().statusCode(201);
        String id = created.path("id");
        assertThat(created.<String>path("state")).isEqualTo("OPEN");
        assertThat(created.<String>path("mercadopago_id")).isNotBlank();
        assertThat(created.<Float>path("amount")).isEqualTo(15.5f);
        // The same key answers the same intent; nothing else is queued.
        Response again = point.create(seller, device, "15.50", key);
        again.then().statusCode(200);
        assertThat(again.<String>path("id")).isEqualTo(id);
        // The same key with another request is refused.
        point.create(seller, device, "16.00", key).then().statusCode(409).contentType("application/problem+json");
        // Mercado Pago got the exact amount as an integer of cents, and our id as the external reference.
        assertThat(control.pointDevice(device).path("queued").path("id").asText()).isEqualTo(point.mercadopagoId(id));

        String mercadopagoId = point.mercadopagoId(id);
        control.actOnDevice(device, DeviceAction.PICK_UP);
        point.notifyPoint(seller, mercadopagoId, "ON_TERMINAL");
        point.awaitState(id, "ON_TERMINAL");

        control.actOnDevice(device, DeviceAction.PROCESS, Map.of("outcome", "approved"));
        point.notifyPoint(seller, mercadopagoId, "FINISHED");
        point.notifyPoint(seller, mercadopagoId, "FINISHED"); // a duplicate delivery
        point.awaitState(id, "FINISHED");
        Response finished = point.intent(id);
        assertThat(finished.<Object>path("payment.id")).isNotNull();
        assertThat(finished.<String>path("payment.status")).isEqualTo("approved");

        // A late notification of an earlier state moves nothing back.
        point.notifyPoint(seller, mercadopagoId, "OPEN");
        await().during(Duration.ofSeconds(2)).atMost(PointFixture.WAIT).until(() -> "FINISHED".equals(point.state(id)));
        List<String> moves = point.intent(id).path("timeline.to");
        assertThat(moves).containsExactly("PENDING", "OPEN", "ON_TERMINAL", "FINISHED");
        await().atMost(PointFixture.WAIT).untilAsserted(() -> assertThat(point.eventTypes(seller, id)).containsExactly(
                PointIntentEventTypes.CREATED, PointIntentEventTypes.STATE_CHANGED,
                PointIntentEventTypes.STATE_CHANGED, PointIntentEventTypes.FINISHED));
    }

    @Test
    void aSecondIntentOnABusyDeviceIsRefusedNamingTheQueuedOneAndWhetherItMayStillBeCancelled() {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);
        String first = point.queued(seller, device, "20.00");

        Response busy = point.create(seller, device, "30.00", UUID.randomUUID().toString());
        busy.then().statusCode(409).contentType("application/problem+json");
        assertThat(busy.<String>path("type")).endsWith("/device-busy");
        assertThat(busy.<String>path("queued_intent_id")).isEqualTo(first);
        assertThat(busy.<Boolean>path("cancellable")).isTrue();

        // Once the device has it, it may no longer be cancelled through the API: the problem says so.
        control.actOnDevice(device, DeviceAction.PICK_UP);
        Response refused = point.cancel(first);
        refused.then().statusCode(409);
        assertThat(refused.<String>path("type")).endsWith("/cancel-on-device");
        assertThat(point.state(first)).isEqualTo("ON_TERMINAL");
        Response stillBusy = point.create(seller, device, "30.00", UUID.randomUUID().toString());
        stillBusy.then().statusCode(409);
        assertThat(stillBusy.<Boolean>path("cancellable")).isFalse();
        assertThat(stillBusy.<String>path("detail")).contains("on the device");

        // Cancelled on the device, it frees the device.
        control.actOnDevice(device, DeviceAction.CANCEL);
        point.notifyPoint(seller, point.mercadopagoId(first), "CANCELED");
        point.awaitState(first, "CANCELED");
        point.queued(seller, device, "30.00");
    }

    @Test
    void anIntentCancelledBeforePickUpIsCancelledAtOnceAndFreesTheDevice() {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);
        String id = point.queued(seller, device, "20.00");

        Response cancelled = point.cancel(id);
        cancelled.then().statusCode(200);
        assertThat(cancelled.<String>path("state")).isEqualTo("CANCELED");
        assertThat(control.pointDevice(device).path("queued").isNull()).isTrue();
        point.cancel(id).then().statusCode(200); // cancelling again answers the same
        point.queued(seller, device, "21.00");
    }

    @Test
    void aDroppedNotificationIsRecoveredByTheSweepFromTheApi() {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);
        String id = point.queued(seller, device, "25.00");
        control.actOnDevice(device, DeviceAction.PROCESS, Map.of("outcome", "approved"));
        // No notification arrives. Nothing is due yet...
        PointFixture.onVertx(() -> sweep.sweep());
        assertThat(point.state(id)).isEqualTo("OPEN");
        // ...until it has been quiet for point.sweep.stale-after.
        clock.advance(Duration.ofMinutes(3));
        PointFixture.onVertx(() -> sweep.sweep());
        assertThat(point.state(id)).isEqualTo("FINISHED");
        assertThat(point.intent(id).<List<String>>path("timeline.source")).last().isEqualTo("SWEEP");
    }

    @Test
    void everyEndStateOfTheDeviceIsFollowed() {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);

        String rejected = point.queued(seller, device, "12.00");
        control.actOnDevice(device, DeviceAction.PROCESS, Map.of("outcome", "rejected"));
        point.notifyPoint(seller, point.mercadopagoId(rejected), "FINISHED");
        point.awaitState(rejected, "REJECTED");

        String error = point.queued(seller, device, "13.00");
        control.actOnDevice(device, DeviceAction.ERROR);
        point.notifyPoint(seller, point.mercadopagoId(error), "ERROR");
        point.awaitState(error, "ERROR");

        String abandoned = point.queued(seller, device, "14.00");
        control.actOnDevice(device, DeviceAction.ABANDON);
        point.notifyPoint(seller, point.mercadopagoId(abandoned), "ABANDONED");
        point.awaitState(abandoned, "ABANDONED");

        // CONFIRMATION_REQUIRED: the payment decides.
        String confirmed = point.queued(seller, device, "16.00");
        control.actOnDevice(device, DeviceAction.CONFIRMATION_REQUIRED, Map.of("outcome", "approved"));
        point.notifyPoint(seller, point.mercadopagoId(confirmed), "CONFIRMATION_REQUIRED");
        point.awaitState(confirmed, "FINISHED");
        assertThat(point.intent(confirmed).<String>path("payment.status")).isEqualTo("approved");

        // The abandonment timeout: nothing happens on the device for 15 minutes.
        String forgotten = point.queued(seller, device, "17.00");
        control.advanceClock(Duration.ofMinutes(16));
        clock.advance(Duration.ofMinutes(16));
        PointFixture.onVertx(() -> sweep.sweep());
        assertThat(point.state(forgotten)).isEqualTo("ABANDONED");
    }

    @Test
    void aFinishedPaymentIsRefundedOnItsDeviceAndBecomesRefunded() {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);
        String paid = point.queued(seller, device, "40.00");
        point.refund(paid, UUID.randomUUID().toString()).then().statusCode(409); // not finished yet
        control.actOnDevice(device, DeviceAction.PROCESS, Map.of("outcome", "approved"));
        point.notifyPoint(seller, point.mercadopagoId(paid), "FINISHED");
        point.awaitState(paid, "FINISHED");

        String key = UUID.randomUUID().toString();
        Response refund = point.refund(paid, key);
        refund.then().statusCode(201);
        String refundId = refund.path("id");
        assertThat(refund.<String>path("kind")).isEqualTo("refund");
        assertThat(point.refund(paid, key).<String>path("id")).isEqualTo(refundId);

        control.actOnDevice(device, DeviceAction.PROCESS);
        point.notifyPoint(seller, point.mercadopagoId(refundId), "FINISHED");
        point.awaitState(refundId, "FINISHED");
        point.awaitState(paid, "REFUNDED");
    }

    @Test
    void aRequestWithoutKeyOrWithAnInexactAmountIsRefusedBeforeAnythingIsQueued() {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);
        point.create(seller, device, "10.00", null).then().statusCode(400);
        point.create(seller, device, "10.005", UUID.randomUUID().toString()).then().statusCode(400);
        assertThat(control.pointDevice(device).path("queued").isNull()).isTrue();
    }

    @Test
    void aCreationWhoseAnswerIsLostIsPendingHoldsItsDeviceAndIsAdoptedFromTheNotificationNeverQueuedTwice() {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);
        control.fault(Map.of("kind", "lost_answer", "mode", "error", "status", 502, "method", "POST", "path",
                "/point/integration-api/devices/*/payment-intents", "times", 1));

        Response pending = point.create(seller, device, "19.00", UUID.randomUUID().toString());
        pending.then().statusCode(202);
        String id = pending.path("id");
        assertThat(pending.<String>path("state")).isEqualTo("PENDING");
        assertThat(pending.<String>path("unresolved")).isNotBlank();
        // Mercado Pago did queue it: the device holds it, and so does the intent here.
        String queuedAtMercadoPago = control.pointDevice(device).path("queued").path("id").asText();
        assertThat(queuedAtMercadoPago).isNotBlank();
        Response busy = point.create(seller, device, "19.00", UUID.randomUUID().toString());
        busy.then().statusCode(409);
        assertThat(busy.<String>path("queued_intent_id")).isEqualTo(id);
        assertThat(busy.<Boolean>path("cancellable")).isFalse();

        control.actOnDevice(device, DeviceAction.PROCESS, Map.of("outcome", "approved"));
        point.notifyPoint(seller, queuedAtMercadoPago, "FINISHED");
        point.awaitState(id, "FINISHED");
        assertThat(point.mercadopagoId(id)).isEqualTo(queuedAtMercadoPago);
        assertThat(point.intent(id).<List<String>>path("timeline.source")).contains("NOTIFICATION");
    }

    @Test
    void aDeviceBusyWithAnIntentOfAnotherIntegrationIsNamedByMercadoPagosId() throws Exception {
        long seller = point.pointSeller(ADAPTER);
        String device = point.pdvDevice(seller);
        // Another integration of the seller queues an intent on the device.
        HttpResponse<String> theirs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.url()
                + "/point/integration-api/devices/" + device + "/payment-intents"))
                .header("Authorization", "Bearer " + point.tokenOf(seller))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1500,\"description\":\"their till\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(theirs.statusCode()).isEqualTo(200);
        String theirId = control.pointDevice(device).path("queued").path("id").asText();

        Response busy = point.create(seller, device, "10.00", UUID.randomUUID().toString());
        busy.then().statusCode(409).contentType("application/problem+json");
        assertThat(busy.<String>path("type")).endsWith("/device-busy");
        assertThat(busy.<String>path("queued_intent_id")).isEqualTo(theirId);
        String refused = busy.path("intent_id");
        assertThat(point.state(refused)).isEqualTo("REFUSED");
        await().atMost(PointFixture.WAIT).untilAsserted(() -> assertThat(point.eventTypes(seller, refused))
                .containsExactly(PointIntentEventTypes.REFUSED));
    }
}
