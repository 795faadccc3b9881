package dev.mpmarketplace.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.Verification;
import dev.mpmarketplace.testing.mercadopago.WebhookSigner;
import dev.mpmarketplace.testing.notifications.MercadoPagoNotification;
import dev.mpmarketplace.testing.notifications.Notifications;

class MercadoPagoNotificationIntakeTest {

    private static final String SECRET = "unit-test-secret-not-real";
    private static final Instant NOW = Instant.parse("2026-11-22T13:00:00Z");
    private static final OffsetDateTime RECEIVED = NOW.atOffset(ZoneOffset.UTC);
    private static final WebhookSigner SIGNER = new WebhookSigner(SECRET);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MercadoPagoNotificationIntake intake = new MercadoPagoNotificationIntake(TestConfig.of(),
            Clock.fixed(NOW, ZoneOffset.UTC), new IngestMetrics(registry));

    private static MercadoPagoDelivery webhook(String dataId, String type, String body) {
        return new MercadoPagoDelivery(dataId, type, null, null, SIGNER.sign(dataId, "rid-1", NOW.toEpochMilli()),
                "rid-1", "application/json", body.getBytes(StandardCharsets.UTF_8), RECEIVED);
    }

    private static MercadoPagoDelivery webhook(MercadoPagoNotification notification) {
        return webhook(notification.dataId(), notification.type(), notification.json());
    }

    @Test
    void aPaymentNotificationIsIdentifiedBySignedValuesAndKeyedBySellerAndSignedDataId() {
        String body = "{\"id\":10423784512,\"type\":\"payment\",\"action\":\"payment.created\",\"user_id\":44444,"
                + "\"data\":{\"id\":\"999999999\"}}";

        MercadoPagoNotificationIntake.Accepted accepted = intake.accept(webhook("999999999", "payment", body));
        RawNotification notification = accepted.notification();

        assertThat(notification.topic()).isEqualTo(Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS);
        assertThat(notification.key()).isEqualTo("44444:999999999");
        assertThat(notification.eventId())
                .isEqualTo(StableEventId.of("mercadopago", "webhook", "999999999", "request-id", "rid-1"));
        assertThat(notification.attributes().subject()).isEqualTo("44444");
        assertThat(notification.attributes().time()).isEqualTo(RECEIVED);
        assertThat(notification.attributes().type()).isEqualTo("dev.mpmarketplace.notification.mercadopago.payment.v1");
        assertThat(notification.headers().requestId()).isEqualTo("rid-1");
        assertThat(notification.verification()).isEqualTo(Verification.SIGNATURE_VALID);
        assertThat(notification.headers().providerId()).isEqualTo("10423784512");
        assertThat(notification.action()).isEqualTo("payment.created");
        assertThat(new String(notification.value(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(accepted.signature().timestamp()).isEqualTo(Long.toString(NOW.toEpochMilli()));
        assertThat(registry.get("ingest.notifications.received").tag("source", "mercadopago")
                .tag("topic", "notifications.mercadopago.payment").counter().count()).isEqualTo(1.0);
    }

    @Test
    void whatTheTestKitPublishesAsIngestIsWhatIngestPublishes() {
        for (MercadoPagoNotification notification : new MercadoPagoNotification[]{
                Notifications.payment("999999999"), Notifications.mpConnect(734908421L, "application.deauthorized"),
                Notifications.merchantOrder("29622218613"), Notifications.order("ORD01J49MMW3SSBK5PSV3DFR1234"),
                Notifications.pointIntegration("7f25f9aa-eea6", "state_FINISHED")}) {
            RawNotification ingested = intake.accept(webhook(notification)).notification();
            RawNotification asIngest = notification.published("rid-1", NOW.toEpochMilli());

            assertThat(ingested.topic()).isEqualTo(asIngest.topic());
            assertThat(ingested.key()).isEqualTo(asIngest.key());
            assertThat(ingested.eventId()).isEqualTo(asIngest.eventId());
            assertThat(ingested.attributes().type()).isEqualTo(asIngest.attributes().type());
            assertThat(ingested.attributes().subject()).isEqualTo(asIngest.attributes().subject());
            assertThat(ingested.headers()).isEqualTo(asIngest.headers());
            assertThat(ingested.value()).isEqualTo(asIngest.value());
        }
    }

    @Test
    void withoutRequestIdTheIdIsTheSignedResourceAndTimestamp() {
        String ts = Long.toString(NOW.toEpochMilli());
        MercadoPagoDelivery delivery = new MercadoPagoDelivery("999", "payment", null, null,
                SIGNER.sign("999", null, NOW.toEpochMilli()), null, "application/json",
                "{\"type\":\"payment\",\"data\":{\"id\":\"999\"}}".getBytes(StandardCharsets.UTF_8), RECEIVED);

        RawNotification notification = intake.accept(delivery).notification();

        assertThat(notification.eventId()).isEqualTo(StableEventId.of("mercadopago", "webhook", "999", "ts", ts));
        assertThat(notification.key()).isEqualTo("unknown:999");
        assertThat(notification.attributes().subject()).isNull();
        assertThat(notification.headers().providerId()).isNull();
    }

    @Test
    void anUnknownTypeIsPublishedUnrouted() {
        RawNotification notification = intake.accept(webhook("7", "subscription_preapproval",
                "{\"id\":1,\"type\":\"subscription_preapproval\",\"data\":{\"id\":\"7\"}}")).notification();

        assertThat(notification.topic()).isEqualTo(Topic.UNROUTED_NOTIFICATIONS);
        assertThat(notification.providerTopic()).isEqualTo("subscription_preapproval");
    }

    @Test
    void aBodyWhoseTypeDisagreesWithTheQueryIsRefused() {
        assertRejected(webhook("7", "payment", "{\"type\":\"mp-connect\",\"data\":{\"id\":\"7\"}}"),
                Rejection.BODY_MISMATCH);
    }

    @Test
    void aBodyNamingAnotherResourceIsRefusedButNotForCase() {
        assertRejected(webhook("7", "payment", "{\"type\":\"payment\",\"data\":{\"id\":\"8\"}}"),
                Rejection.BODY_MISMATCH);
        assertRejected(webhook("29622218613", "topic_merchant_order_wh",
                "{\"type\":\"topic_merchant_order_wh\",\"id\":\"1\"}"), Rejection.BODY_MISMATCH);
        assertThat(intake.accept(webhook("ORD01ABC", "order", "{\"type\":\"order\",\"data\":{\"id\":\"ord01abc\"}}"))
                .notification().resourceId()).as("the record names the signed id").isEqualTo("ORD01ABC");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1;2", "1:2", "1;request-id:abc"})
    void aDataIdWithManifestSeparatorsIsRefusedBeforeItsSignatureIsChecked(String dataId) {
        assertRejected(webhook(dataId, "payment", "{\"type\":\"payment\"}"), Rejection.INVALID_FIELD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "\"1:2\"", "-1", "0", "1.5", "[]", "false"})
    void aUserIdThatIsNotAUserIdIsRefused(String userId) {
        assertRejected(webhook("7", "payment", "{\"type\":\"payment\",\"user_id\":" + userId + "}"),
                Rejection.INVALID_FIELD);
    }

    @Test
    void aMerchantOrderNotificationsTopLevelIdIsTheOrderNotTheNotification() {
        String body = "{\"action\":\"update\",\"id\":\"29622218613\",\"type\":\"topic_merchant_order_wh\","
                + "\"user_id\":2307740945,\"version\":3,\"status\":\"closed\",\"data\":{\"status\":\"closed\"}}";

        RawNotification notification = intake.accept(webhook("29622218613", "topic_merchant_order_wh", body))
                .notification();

        assertThat(notification.topic()).isEqualTo(Topic.MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS);
        assertThat(notification.key()).isEqualTo("2307740945:29622218613");
        assertThat(notification.headers().providerId()).isNull();
    }

    @Test
    void anUnverifiedNotificationIsRefusedBeforeItsBodyIsRead() {
        MercadoPagoDelivery forged = new MercadoPagoDelivery("1", "payment", null, null, "ts=1,v1=00", "rid",
                "application/json", "not even json".getBytes(StandardCharsets.UTF_8), RECEIVED);

        assertThatThrownBy(() -> intake.accept(forged)).isInstanceOfSatisfying(NotificationRejectedException.class,
                e -> {
                    assertThat(e.rejection()).isEqualTo(Rejection.SIGNATURE_MISMATCH);
                    assertThat(e.rejection().status()).isEqualTo(401);
                    assertThat(e.getMessage()).doesNotContain("v1=00");
                });
    }

    @Test
    void anIpnIsPublishedWithItsQueryOnlyWhateverItsBodySays() {
        MercadoPagoDelivery ipn = new MercadoPagoDelivery(null, null, "mp-connect", "555", null, null,
                "application/json", "{\"type\":\"mp-connect\",\"action\":\"application.deauthorized\",\"user_id\":1}"
                        .getBytes(StandardCharsets.UTF_8),
                RECEIVED);

        MercadoPagoNotificationIntake.Accepted accepted = intake.accept(ipn);
        RawNotification notification = accepted.notification();

        assertThat(accepted.signature()).isNull();
        assertThat(notification.topic()).isEqualTo(Topic.MERCADOPAGO_CONNECT_NOTIFICATIONS);
        assertThat(notification.key()).isEqualTo("unknown:555");
        assertThat(notification.verification()).isEqualTo(Verification.UNSIGNED_IPN);
        assertThat(notification.action()).isNull();
        assertThat(new String(notification.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"topic\":\"mp-connect\",\"id\":\"555\"}");
    }

    @Test
    void anIpnIsRefusedWhenUnsignedIpnIsSwitchedOff() {
        MercadoPagoNotificationIntake strict = new MercadoPagoNotificationIntake(
                TestConfig.of("ingest.mercadopago.accept-unsigned-ipn", "false"), Clock.fixed(NOW, ZoneOffset.UTC),
                new IngestMetrics(registry));

        assertThatThrownBy(() -> strict.accept(new MercadoPagoDelivery(null, null, "payment", "1", null, null, null,
                new byte[0], RECEIVED))).isInstanceOfSatisfying(NotificationRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.UNSIGNED_IPN_REFUSED));
    }

    @Test
    void aRequestWithWebhooksParametersIsNeverTakenForAnIpn() {
        MercadoPagoDelivery mixed = new MercadoPagoDelivery("1", "payment", "payment", "1", null, null,
                "application/json", "{}".getBytes(StandardCharsets.UTF_8), RECEIVED);

        assertRejected(mixed, Rejection.MISSING_SIGNATURE_HEADER);
    }

    private void assertRejected(MercadoPagoDelivery delivery, Rejection expected) {
        assertThatThrownBy(() -> intake.accept(delivery)).isInstanceOfSatisfying(NotificationRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(expected));
    }
}
