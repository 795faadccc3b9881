package dev.mpmarketplace.mercadopago.client.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.MercadoPagoJson;

class MercadoPagoPaymentTest {

    static final String PAYMENT = """
            {"id": 1320000001, "status": "approved", "status_detail": "partially_refunded",
             "collector_id": 1000003, "external_reference": "0b5c6f0e-2f7a-4c1e-9a51-7f0c3f9d2a10",
             "transaction_amount": 100.10, "transaction_amount_refunded": 30.05, "currency_id": "BRL",
             "captured": true, "date_created": "2026-01-10T10:10:10.000-04:00",
             "date_last_updated": "2026-01-10T10:12:00.123-04:00", "date_approved": null,
             "payer": {"email": "test_user_1@testuser.com"},
             "refunds": [{"id": 2100000001, "payment_id": 1320000001, "amount": 30.05, "status": "approved",
                          "date_created": "2026-01-10T10:12:00.123-04:00"}]}""";

    @Test
    void aPaymentAnswerIsReadWithExactAmountsAndMercadoPagosOffsets() {
        MercadoPagoPayment payment = MercadoPagoPayment.parse("GET", PAYMENT);

        assertThat(payment.id()).isEqualTo(1_320_000_001L);
        assertThat(payment.status()).isEqualTo("approved");
        assertThat(payment.statusDetail()).isEqualTo("partially_refunded");
        assertThat(payment.collectorId()).isEqualTo(1_000_003L);
        assertThat(payment.transactionAmount()).isEqualByComparingTo("100.10");
        assertThat(payment.transactionAmount().toPlainString()).isEqualTo("100.10");
        assertThat(payment.transactionAmountRefunded()).isEqualTo(new BigDecimal("30.05"));
        assertThat(payment.dateLastUpdated()).isEqualTo(OffsetDateTime.of(2026, 1, 10, 10, 12, 0, 123_000_000,
                ZoneOffset.ofHours(-4)));
        assertThat(payment.dateApproved()).isNull();
        assertThat(payment.refunds()).singleElement().satisfies(refund -> {
            assertThat(refund.id()).isEqualTo(2_100_000_001L);
            assertThat(refund.amount()).isEqualTo(new BigDecimal("30.05"));
        });
        assertThat(payment.raw()).isEqualTo(PAYMENT);
    }

    @Test
    void theApplicationFeeIsReadFromTheFeeDetails() {
        String withFee = PAYMENT.replace("\"refunds\":", "\"fee_details\": [{\"type\": \"mercadopago_fee\","
                + " \"amount\": 4.99, \"fee_payer\": \"collector\"}, {\"type\": \"application_fee\","
                + " \"amount\": 10.00, \"fee_payer\": \"collector\"}], \"refunds\":");

        assertThat(MercadoPagoPayment.parse("GET", withFee).applicationFee()).isEqualByComparingTo("10.00");
        assertThat(MercadoPagoPayment.parse("GET", PAYMENT).applicationFee()).isNull();
    }

    @Test
    void itsTextNamesNeitherThePayerNorTheRawAnswer() {
        assertThat(MercadoPagoPayment.parse("GET", PAYMENT).toString()).doesNotContain("testuser", "payer")
                .contains("1320000001", "approved");
    }

    @Test
    void datesWithoutColonOrFractionOrInUtcAreRead() {
        assertThat(MercadoPagoJson.date(MercadoPagoPayment.JSON.valueToTree("2026-01-10T10:10:10-0400")))
                .isEqualTo(OffsetDateTime.of(2026, 1, 10, 10, 10, 10, 0, ZoneOffset.ofHours(-4)));
        assertThat(MercadoPagoJson.date(MercadoPagoPayment.JSON.valueToTree("2026-01-10T14:10:10.5Z")))
                .isEqualTo(OffsetDateTime.of(2026, 1, 10, 14, 10, 10, 500_000_000, ZoneOffset.UTC));
        assertThat(MercadoPagoJson.date(MercadoPagoPayment.JSON.valueToTree("yesterday"))).isNull();
    }

    @Test
    void somethingThatIsNotAPaymentIsAnInvalidResponse() {
        assertThatThrownBy(() -> MercadoPagoPayment.parse("GET", "{\"message\":\"hello\"}"))
                .isInstanceOfSatisfying(MercadoPagoException.class,
                        e -> assertThat(e.kind()).isEqualTo(MercadoPagoException.Kind.INVALID_RESPONSE));
        assertThatThrownBy(() -> MercadoPagoPayment.parse("GET", "<html>"))
                .isInstanceOfSatisfying(MercadoPagoException.class,
                        e -> assertThat(e.kind()).isEqualTo(MercadoPagoException.Kind.INVALID_RESPONSE));
    }

    @Test
    void aSearchPageSaysWhetherMoreFollow() {
        String page = "{\"paging\":{\"total\":3,\"limit\":2,\"offset\":0},\"results\":[" + PAYMENT + ","
                + PAYMENT.replace("1320000001,", "1320000002,") + "]}";

        PaymentSearchPage first = PaymentSearchPage.parse("search", page);

        assertThat(first.results()).extracting(MercadoPagoPayment::id).containsExactly(1_320_000_001L,
                1_320_000_002L);
        assertThat(first.hasMore()).isTrue();
        assertThat(PaymentSearchPage.parse("search", "{\"paging\":{\"total\":0},\"results\":[]}").hasMore())
                .isFalse();
    }
}
