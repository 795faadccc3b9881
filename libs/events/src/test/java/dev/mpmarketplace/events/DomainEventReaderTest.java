package dev.mpmarketplace.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.notification.PoisonRecordException;
import dev.mpmarketplace.events.order.OrderChanged;
import dev.mpmarketplace.events.order.OrderEventTypes;

class DomainEventReaderTest {

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();
    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-28T10:15:30.123-04:00");
    private static final Map<String, Class<?>> FOLLOWED = Map.of(OrderEventTypes.CHANGED, OrderChanged.class);

    private static OrderChanged changed() {
        return new OrderChanged("6f0c1a36-5d6e-5b71-a3b8-8f0b1f0e2a11", 734908421L, "2000004912352524",
                "mercadolibre", 2000004912352524L, "paid", "payment_required", null, true, "BRL",
                new BigDecimal("591.00"), new BigDecimal("591.00"), BigDecimal.ZERO, List.of("paid", "not_delivered"),
                List.of(new OrderChanged.Payment(885920310L, null, "approved", "accredited", new BigDecimal("296"),
                        BigDecimal.ZERO, List.of())),
                AT, AT, 2, new OrderChanged.Cause("notification", "f1c2"), AT);
    }

    private static ConsumerRecord<String, byte[]> record(EventSource source, String type, String key, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        new CloudEventAttributes("id-1", source.uri(), type, "734908421", AT, CloudEventAttributes.JSON)
                .writeTo(headers);
        return new ConsumerRecord<>("orders.events", 0, 0L, 0L, TimestampType.CREATE_TIME, -1, -1, key, value,
                headers, java.util.Optional.empty());
    }

    @Test
    void aFollowedEventReadsAsItsAttributesKeyAndDataRecord() throws Exception {
        OrderChanged sent = changed();
        var read = DomainEventReader.read(record(EventSource.ORDER_PROJECTION, OrderEventTypes.CHANGED, "734908421:x",
                JSON.writeValueAsBytes(sent)), EventSource.ORDER_PROJECTION, FOLLOWED).orElseThrow();

        assertThat(read.id()).isEqualTo("id-1");
        assertThat(read.type()).isEqualTo(OrderEventTypes.CHANGED);
        assertThat(read.key()).isEqualTo("734908421:x");
        assertThat(read.dataAs(OrderChanged.class)).contains(sent);
        assertThat(read.dataAs(String.class)).isEmpty();
    }

    @Test
    void aTypeTheConsumerDoesNotFollowIsSkippedWhateverItsValue() {
        assertThat(DomainEventReader.read(record(EventSource.ORDER_PROJECTION, EventTypes.domain("order", "archived"),
                "k", "not json".getBytes(StandardCharsets.UTF_8)), EventSource.ORDER_PROJECTION, FOLLOWED)).isEmpty();
    }

    @Test
    void anotherProducerIsPoisonEvenWithAFollowedType() throws Exception {
        var record = record(EventSource.PAYMENT, OrderEventTypes.CHANGED, "k", JSON.writeValueAsBytes(changed()));
        assertThatThrownBy(() -> DomainEventReader.read(record, EventSource.ORDER_PROJECTION, FOLLOWED))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("/payment-service");
    }

    @Test
    void aValueThatIsNotTheTypesDataIsPoisonAndTheMessageNeverQuotesIt() {
        var record = record(EventSource.ORDER_PROJECTION, OrderEventTypes.CHANGED, "k",
                "{\"version\":\"secret-looking-text\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DomainEventReader.read(record, EventSource.ORDER_PROJECTION, FOLLOWED))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("OrderChanged")
                .hasMessageNotContaining("secret-looking-text");
    }

    @Test
    void aRecordWithoutCloudEventsHeadersKeyOrValueIsPoison() throws Exception {
        var noHeaders = new ConsumerRecord<String, byte[]>("orders.events", 0, 0L, "k", new byte[]{'{', '}'});
        assertThatThrownBy(() -> DomainEventReader.read(noHeaders, EventSource.ORDER_PROJECTION, FOLLOWED))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("ce_specversion");
        byte[] value = JSON.writeValueAsBytes(changed());
        assertThatThrownBy(() -> DomainEventReader.read(record(EventSource.ORDER_PROJECTION, OrderEventTypes.CHANGED,
                null, value), EventSource.ORDER_PROJECTION, FOLLOWED)).isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("no key");
        assertThatThrownBy(() -> DomainEventReader.read(record(EventSource.ORDER_PROJECTION, OrderEventTypes.CHANGED,
                "k", null), EventSource.ORDER_PROJECTION, FOLLOWED)).isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("no value");
    }
}
