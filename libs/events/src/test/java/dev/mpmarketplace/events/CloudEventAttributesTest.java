package dev.mpmarketplace.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.mpmarketplace.events.CloudEventAttributes.MalformedCloudEventException;

class CloudEventAttributesTest {

    private static final OffsetDateTime RECEIVED = OffsetDateTime.parse("2026-11-22T10:04:58.396-03:00");

    private static CloudEventAttributes sellerLinked() {
        return new CloudEventAttributes(StableEventId.of("seller", "linked", "241983636"),
                EventSource.SELLER_LINKING.uri(), EventTypes.domain("seller", "linked"), "241983636", RECEIVED,
                CloudEventAttributes.JSON);
    }

    @Test
    void attributesTravelAsBinaryModeHeadersAndComeBackEqual() {
        Headers headers = sellerLinked().writeTo(new RecordHeaders());

        assertThat(text(headers, "ce_specversion")).isEqualTo("1.0");
        assertThat(text(headers, "ce_source")).isEqualTo("/seller-linking-service");
        assertThat(text(headers, "ce_type")).isEqualTo("dev.mpmarketplace.seller.linked.v1");
        assertThat(text(headers, "ce_subject")).isEqualTo("241983636");
        assertThat(text(headers, "content-type")).isEqualTo("application/json");
        assertThat(CloudEventAttributes.readFrom(headers)).isEqualTo(sellerLinked());
    }

    @Test
    void writingTwiceLeavesOneValuePerHeader() {
        Headers headers = sellerLinked().writeTo(sellerLinked().writeTo(new RecordHeaders()));
        assertThat(headers.headers("ce_id")).hasSize(1);
    }

    @Test
    void subjectIsOptional() {
        CloudEventAttributes unrouted = new CloudEventAttributes("id-1", EventSource.NOTIFICATION_INGEST.uri(),
                EventTypes.rawNotification("mercadopago", "wallet_connect"), null, RECEIVED, CloudEventAttributes.JSON);
        Headers headers = unrouted.writeTo(new RecordHeaders());
        assertThat(headers.lastHeader("ce_subject")).isNull();
        assertThat(CloudEventAttributes.readFrom(headers).subject()).isNull();
    }

    @Test
    void recordsWithoutValidAttributesAreMalformed() {
        assertThatThrownBy(() -> CloudEventAttributes.readFrom(new RecordHeaders()))
                .isInstanceOf(MalformedCloudEventException.class).hasMessageContaining("ce_specversion");

        Headers noTime = sellerLinked().writeTo(new RecordHeaders());
        noTime.remove("ce_time");
        assertThatThrownBy(() -> CloudEventAttributes.readFrom(noTime))
                .isInstanceOf(MalformedCloudEventException.class).hasMessageContaining("ce_time");

        Headers badTime = sellerLinked().writeTo(new RecordHeaders());
        badTime.remove("ce_time");
        badTime.add("ce_time", "yesterday".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CloudEventAttributes.readFrom(badTime))
                .isInstanceOf(MalformedCloudEventException.class);

        Headers noId = sellerLinked().writeTo(new RecordHeaders());
        noId.remove("ce_id");
        assertThatThrownBy(() -> CloudEventAttributes.readFrom(noId))
                .isInstanceOf(MalformedCloudEventException.class).hasMessageContaining("id");
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
