package dev.mpmarketplace.events.point;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.MarketplaceJson;

class PointIntentEventsTest {

    private final ObjectMapper mapper = MarketplaceJson.newMapper();

    @Test
    void anIntentIsWrittenSnakeCaseWithExactMoneyAndWireNamesAndReadBack() throws Exception {
        PointIntent intent = new PointIntent(1_000_002L, "3f1c0e7a-0000-4000-8000-000000000001",
                PointIntentKind.PAYMENT, PointAdapter.ORDERS_API, "ORD01JH0000000000000000000000",
                "PAX_A910__SMARTPOS1234567890", PointIntentState.FINISHED, PointIntentState.PROCESSING,
                new BigDecimal("15.00"), "BRL", 1_320_000_001L, "approved", "order-42", null,
                OffsetDateTime.parse("2026-11-27T13:00:00Z"));

        String text = mapper.writeValueAsString(intent);
        JsonNode json = mapper.readTree(text);

        assertThat(json.get("seller_id").asLong()).isEqualTo(1_000_002L);
        assertThat(json.get("kind").asText()).isEqualTo("payment");
        assertThat(json.get("adapter").asText()).isEqualTo("orders_api");
        assertThat(json.get("state").asText()).isEqualTo("FINISHED");
        assertThat(json.get("previous_state").asText()).isEqualTo("PROCESSING");
        assertThat(text).contains("\"amount\":15.00,");
        assertThat(json.get("payment_id").asLong()).isEqualTo(1_320_000_001L);
        assertThat(json.has("refund_of")).isFalse();
        assertThat(mapper.readValue(text, PointIntent.class)).isEqualTo(intent);
    }

    @Test
    void finalStatesAreTheOnesThatFreeTheDevice() {
        assertThat(PointIntentState.values()).filteredOn(PointIntentState::isFinal).containsExactly(
                PointIntentState.FINISHED, PointIntentState.REJECTED, PointIntentState.ERROR,
                PointIntentState.CANCELED, PointIntentState.ABANDONED, PointIntentState.REFUNDED,
                PointIntentState.REFUSED);
    }

    @Test
    void aCreateCommandIsReadFromTheSendersJson() throws Exception {
        CreatePointIntent command = mapper.readValue("""
                {"idempotency_key":"k-1","seller_id":1000002,"device_id":"PAX_A910__SMARTPOS1234567890",
                 "amount":15.5,"external_reference":"order-42","installments":3,"payment_type":"credit_card"}
                """, CreatePointIntent.class);

        assertThat(command.amount()).isEqualByComparingTo("15.50");
        assertThat(command.installments()).isEqualTo(3);
        assertThat(command.description()).isNull();
    }

    @Test
    void typesAreVersionedDomainTypes() {
        assertThat(PointIntentEventTypes.FINISHED).isEqualTo("dev.mpmarketplace.point-intent.finished.v1");
        assertThat(PointIntentEventTypes.STATE_CHANGED)
                .isEqualTo("dev.mpmarketplace.point-intent.state-changed.v1");
    }
}
