package dev.mpmarketplace.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;

class MercadoPagoNotificationIntakeTest {

    private static final String SECRET = "unit-test-secret-not-real";
    private static final Instant NOW = Instant.parse("2026-11-22T13:00:00Z");
    private static final OffsetDateTime RECEIVED = NOW.atOffset(ZoneOffset.UTC);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MercadoPagoNotificationIntake intake = new MercadoPagoNotificationIntake(TestConfig.of(),
            Clock.fixed(NOW, ZoneOffset.UTC), new IngestMetrics(registry));

    private static String sign(String dataId, String requestId) {
        long ts = NOW.toEpochMilli();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "ts=" + ts + ",v1=" + HexFormat.of().formatHex(mac.doFinal(
                    ("id:" + dataId + ";request-id:" + requestId + ";ts:" + ts + ";")
                            .getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static MercadoPagoDelivery webhook(String dataId, String type, String body) {
        return new MercadoPagoDelivery(dataId, type, null, null, sign(dataId, "rid-1"), "rid-1", "application/json",
                body.getBytes(StandardCharsets.UTF_8), RECEIVED);
    }

    @Test
    void aPaymentNotificationIsIdentifiedByItsNotificationIdAndKeyedBySellerAndSignedDataId() {
        String body = "{\"id\":10423784512,\"type\":\"payment\",\"action\":\"payment.created\",\"user_id\":44444,"
                + "\"data\":{\"id\":\"999999999\"}}";

        RawNotification notification = intake.accept(webhook("999999999", "payment", body));

        assertThat(notification.topic()).isEqualTo(Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS);
        assertThat(notification.key()).isEqualTo("44444:999999999");
        assertThat(notification.attributes().id()).isEqualTo(StableEventId.of("mercadopago", "notification",
                "10423784512"));
        assertThat(notification.attributes().subject()).isEqualTo("44444");
        assertThat(notification.attributes().time()).isEqualTo(RECEIVED);
        assertThat(notification.attributes().type())
                .isEqualTo("dev.mpmarketplace.notification.mercadopago.payment.v1");
        assertThat(notification.headers().requestId()).isEqualTo("rid-1");
        assertThat(notification.headers().verification()).isEqualTo("valid");
        assertThat(notification.headers().providerId()).isEqualTo("10423784512");
        assertThat(new String(notification.payload(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(registry.get("ingest.notifications.received").tag("source", "mercadopago")
                .tag("topic", "notifications.mercadopago.payment").counter().count()).isEqualTo(1.0);
    }

    @Test
    void withoutNotificationIdTheIdIsDerivedFromTypeActionAndResource() {
        String body = "{\"type\":\"payment\",\"action\":\"payment.updated\",\"data\":{\"id\":\"999\"}}";

        RawNotification notification = intake.accept(webhook("999", "payment", body));

        assertThat(notification.attributes().id())
                .isEqualTo(StableEventId.of("mercadopago", "payment", "payment.updated", "999"));
        assertThat(notification.key()).isEqualTo("unknown:999");
        assertThat(notification.attributes().subject()).isNull();
        assertThat(notification.headers().providerId()).isNull();
    }

    @Test
    void theTypeOfTheBodyWinsOverTheQueryAndAnUnknownTypeIsUnrouted() {
        RawNotification notification = intake.accept(webhook("7", "payment",
                "{\"id\":1,\"type\":\"subscription_preapproval\",\"data\":{\"id\":\"7\"}}"));

        assertThat(notification.topic()).isEqualTo(Topic.UNROUTED_NOTIFICATIONS);
        assertThat(notification.providerTopic()).isEqualTo("subscription_preapproval");
    }

    @Test
    void aMerchantOrderNotificationsTopLevelIdIsTheOrderNotTheNotification() {
        String body = "{\"action\":\"update\",\"id\":\"29622218613\",\"type\":\"topic_merchant_order_wh\","
                + "\"user_id\":2307740945,\"version\":3,\"status\":\"closed\",\"data\":{\"status\":\"closed\"}}";

        RawNotification notification = intake.accept(webhook("29622218613", "topic_merchant_order_wh", body));

        assertThat(notification.topic()).isEqualTo(Topic.MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS);
        assertThat(notification.key()).isEqualTo("2307740945:29622218613");
        assertThat(notification.attributes().id()).isEqualTo(
                StableEventId.of("mercadopago", "topic_merchant_order_wh", "update", "29622218613", "3"));
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
    void anIpnWithoutBodyIsPublishedUnsignedAsItsTopicAndId() {
        MercadoPagoDelivery ipn = new MercadoPagoDelivery(null, null, "merchant_order", "555", "ts=1,v1=ignored",
                null, null, new byte[0], RECEIVED);

        RawNotification notification = intake.accept(ipn);

        assertThat(notification.topic()).isEqualTo(Topic.MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS);
        assertThat(notification.key()).isEqualTo("unknown:555");
        assertThat(notification.headers().verification()).isEqualTo("unsigned-ipn");
        assertThat(notification.attributes().id()).isEqualTo(StableEventId.of("mercadopago", "merchant_order",
                "ipn", "555"));
        assertThat(new String(notification.payload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"topic\":\"merchant_order\",\"id\":\"555\"}");
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

        assertThatThrownBy(() -> intake.accept(mixed)).isInstanceOfSatisfying(NotificationRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(Rejection.MISSING_SIGNATURE_HEADER));
    }
}
