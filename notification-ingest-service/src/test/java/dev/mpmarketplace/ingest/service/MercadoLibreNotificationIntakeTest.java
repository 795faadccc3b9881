package dev.mpmarketplace.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.Verification;

class MercadoLibreNotificationIntakeTest {

    private static final OffsetDateTime RECEIVED = OffsetDateTime.parse("2026-11-22T13:00:00Z");
    private static final String BODY = "{\"_id\":\"f9f08571-1f65-4c46-9e0a-c0f43faas1557e\","
            + "\"resource\":\"/orders/2000004912352524\",\"user_id\":734908421,\"topic\":\"orders_v2\","
            + "\"application_id\":7980210790598964,\"attempts\":1,\"sent\":\"2019-10-30T16:19:20.129Z\","
            + "\"received\":\"2019-10-30T16:19:20.106Z\"}";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private MercadoLibreNotificationIntake intake(String... config) {
        return new MercadoLibreNotificationIntake(TestConfig.of(config), new IngestMetrics(registry));
    }

    @Test
    void theDocumentedSampleIsAnOrderNotificationKeyedBySellerAndResource() {
        RawNotification notification = intake("ingest.mercadolibre.application-id", "7980210790598964")
                .accept("application/json", BODY.getBytes(StandardCharsets.UTF_8), null, RECEIVED);

        assertThat(notification.topic()).isEqualTo(Topic.MERCADOLIBRE_ORDER_NOTIFICATIONS);
        assertThat(notification.key()).isEqualTo("734908421:/orders/2000004912352524");
        assertThat(notification.attributes().id())
                .isEqualTo(StableEventId.of("mercadolibre", "f9f08571-1f65-4c46-9e0a-c0f43faas1557e"));
        assertThat(notification.attributes().type())
                .isEqualTo("dev.mpmarketplace.notification.mercadolibre.orders-v2.v1");
        assertThat(notification.verification()).isEqualTo(Verification.APPLICATION_ID_MATCHED);
        assertThat(notification.headers().requestId()).isNull();
    }

    @Test
    void anotherApplicationOrNoneConfiguredIsRefusedWith403() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> intake("ingest.mercadolibre.application-id", "7980210790598965")
                .accept("application/json", body, null, RECEIVED))
                .isInstanceOfSatisfying(NotificationRejectedException.class,
                        e -> assertThat(e.rejection().status()).isEqualTo(403));
        assertThatThrownBy(() -> intake().accept("application/json", body, null, RECEIVED))
                .isInstanceOfSatisfying(NotificationRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.APPLICATION_ID_MISMATCH));
    }
}
