package dev.mpmarketplace.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class MarketplaceJsonTest {

    record Charge(String externalReference, BigDecimal transactionAmount, BigDecimal applicationFee,
            OffsetDateTime dateCreated) {
    }

    private final ObjectMapper mapper = MarketplaceJson.newMapper();

    @Test
    void writesSnakeCaseExactMoneyIsoDatesAndOmitsAbsentValues() throws Exception {
        Charge charge = new Charge("order-42", new BigDecimal("100.10"), null,
                OffsetDateTime.parse("2022-01-10T10:10:10.000-04:00"));

        assertThat(mapper.writeValueAsString(charge)).isEqualTo(
                "{\"external_reference\":\"order-42\",\"transaction_amount\":100.10,"
                        + "\"date_created\":\"2022-01-10T10:10:10-04:00\"}");
    }

    @Test
    void readsProviderPayloadsWithUnknownFieldsAndKeepsTheOffset() throws Exception {
        Charge charge = mapper.readValue("""
                {"external_reference":"order-42","transaction_amount":0.1,"application_fee":1E+1,
                 "date_created":"2022-01-10T10:10:10.000-04:00","field_added_later":{"x":1}}
                """, Charge.class);

        assertThat(charge.transactionAmount()).isEqualByComparingTo("0.1");
        assertThat(charge.applicationFee()).isEqualByComparingTo("10");
        assertThat(charge.dateCreated().getOffset().getTotalSeconds()).isEqualTo(-4 * 3600);
    }

    @Test
    void decimalsInsideATreeKeepTheirScale() throws Exception {
        String json = "{\"items\":[{\"unit_price\":10.50}],\"amount\":100.00}";

        assertThat(mapper.writeValueAsString(mapper.readTree(json))).isEqualTo(json);
    }
}
