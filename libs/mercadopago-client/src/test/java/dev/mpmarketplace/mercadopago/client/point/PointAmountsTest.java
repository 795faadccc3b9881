package dev.mpmarketplace.mercadopago.client.point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class PointAmountsTest {

    @Test
    void exactDecimalsBecomeCentsAndBackWithoutRounding() {
        assertThat(PointAmounts.toCents(new BigDecimal("15"))).isEqualTo(1500);
        assertThat(PointAmounts.toCents(new BigDecimal("15.5"))).isEqualTo(1550);
        assertThat(PointAmounts.toCents(new BigDecimal("0.01"))).isEqualTo(1);
        assertThat(PointAmounts.toCents(new BigDecimal("1234567.89"))).isEqualTo(123456789);
        assertThat(PointAmounts.toCents(new BigDecimal("15.000"))).as("trailing zeros are exact").isEqualTo(1500);
        assertThat(PointAmounts.fromCents(1550)).isEqualTo(new BigDecimal("15.50"));
        assertThat(PointAmounts.toDecimalString(new BigDecimal("100"))).isEqualTo("100.00");
    }

    @Test
    void aThirdDecimalOrANonPositiveAmountIsRefusedNeverRounded() {
        assertThatThrownBy(() -> PointAmounts.toCents(new BigDecimal("15.005")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PointAmounts.toDecimalString(new BigDecimal("0.001")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PointAmounts.toCents(BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PointAmounts.toCents(new BigDecimal("-1"))).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> PointAmounts.toCents(new BigDecimal("1E+20")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPaymentIdIsReadAsANumberOrANumericStringAndTheIntegratorTokenNeverPrints() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readValue("{\"id\":\"i\",\"payment\":{\"id\":\"11123456789\"}}", PaymentIntent.class)
                .paymentId()).isEqualTo(11123456789L);
        assertThat(json.readValue("{\"id\":\"i\",\"payment\":{\"id\":16499678033,\"state\":\"approved\"}}",
                PaymentIntent.class).paymentId()).isEqualTo(16499678033L);
        PointIntegrator integrator = json.readValue(
                "{\"token\":\"0230abf9-secret\",\"webhook\":\"\",\"is_valid_webhook\":false}", PointIntegrator.class);
        assertThat(integrator.token()).isEqualTo("0230abf9-secret");
        assertThat(integrator.toString()).doesNotContain("0230abf9");
    }

    @Test
    void anOrdersPaymentIsItsReferencesNumericId() throws Exception {
        PointOrder order = new ObjectMapper().readValue("""
                {"id":"ORD01","status":"processed","currency":"BRL",
                 "transactions":{"payments":[{"id":"PAY01","amount":"150.00","reference":{"id":"1320000001"}}]}}
                """, PointOrder.class);
        assertThat(order.paymentId()).isEqualTo(1_320_000_001L);
        assertThat(new ObjectMapper().readValue("{\"id\":\"ORD02\",\"status\":\"created\"}", PointOrder.class)
                .paymentId()).isNull();
    }
}
