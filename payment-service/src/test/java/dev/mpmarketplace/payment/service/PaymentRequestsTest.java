package dev.mpmarketplace.payment.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.events.payment.CreatePayment;
import dev.mpmarketplace.support.problem.ProblemException;

class PaymentRequestsTest {

    static final ObjectMapper JSON = MarketplaceJson.newMapper();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void mercadoPagoGetsTheCallersFieldsExactlyWithOurIdAsExternalReference() throws Exception {
        CreatePayment request = PaymentRequests.read(json("""
                {"seller_id": 7, "currency_id": "BRL", "transaction_amount": 100.10, "application_fee": 5.00,
                 "token": "tok", "payer": {"email": "a@b.c"},
                 "additional_info": {"items": [{"unit_price": 10.50, "quantity": 1}]}}"""), false);
        UUID id = UUID.randomUUID();

        JsonNode body = json(PaymentRequests.mercadoPagoBody(request, id));

        assertThat(body.get("external_reference").asText()).isEqualTo(id.toString());
        assertThat(body.has("seller_id")).isFalse();
        assertThat(body.has("currency_id")).isFalse();
        assertThat(PaymentRequests.mercadoPagoBody(request, id)).contains("\"transaction_amount\":100.10",
                "\"application_fee\":5.00", "\"unit_price\":10.50");
    }

    @Test
    void whatOnlyThePlatformCanCheckIsChecked() {
        assertThatThrownBy(() -> PaymentRequests.read(json("{\"currency_id\":\"BRL\",\"transaction_amount\":1}"),
                false)).isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.getMessage()).contains("seller_id"));
        assertThatThrownBy(() -> PaymentRequests.read(json("{\"seller_id\":1,\"currency_id\":\"reais\","
                + "\"transaction_amount\":1}"), false)).hasMessageContaining("currency_id");
        assertThatThrownBy(() -> PaymentRequests.read(json("{\"seller_id\":1,\"currency_id\":\"BRL\","
                + "\"transaction_amount\":0}"), false)).hasMessageContaining("transaction_amount");
        assertThatThrownBy(() -> PaymentRequests.read(json("{\"seller_id\":1,\"currency_id\":\"BRL\","
                + "\"transaction_amount\":1,\"notification_url\":\"https://x\"}"), false))
                .hasMessageContaining("notification_url");
        assertThatThrownBy(() -> PaymentRequests.read(json("{\"seller_id\":\"x\",\"currency_id\":\"BRL\","
                + "\"transaction_amount\":1}"), false)).hasMessageContaining("seller_id");
        assertThatThrownBy(() -> PaymentRequests.read(json("{\"seller_id\":1,\"currency_id\":\"BRL\","
                + "\"transaction_amount\":1,\"payer\":\"me\"}"), false)).hasMessageContaining("payer");
    }

    @Test
    void theFeeIsLeftToMercadoPagoSoItsCauseCodesReachTheCaller() throws Exception {
        CreatePayment request = PaymentRequests.read(json("{\"seller_id\":1,\"currency_id\":\"BRL\","
                + "\"transaction_amount\":1,\"application_fee\":-3}"), false);

        assertThat(request.applicationFee()).isEqualByComparingTo("-3");
    }

    @Test
    void idempotencyKeysAreOneToTwoHundredFiftyFiveVisibleCharacters() {
        assertThat(PaymentRequests.idempotencyKey("order-42/attempt-1")).isEqualTo("order-42/attempt-1");
        assertThatThrownBy(() -> PaymentRequests.idempotencyKey(null)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> PaymentRequests.idempotencyKey("with space")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> PaymentRequests.idempotencyKey("x".repeat(256)))
                .isInstanceOf(ProblemException.class);
    }
}
