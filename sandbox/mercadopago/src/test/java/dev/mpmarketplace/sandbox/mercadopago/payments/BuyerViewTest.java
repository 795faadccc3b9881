package dev.mpmarketplace.sandbox.mercadopago.payments;

import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.payment;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/**
 * Seed 001: a payment read with the buyer's own token answers the buyer's view, with the seller's token the seller's
 * view, with anyone else's what Mercado Pago answers for a payment it does not show (docs/sandbox/payments.md).
 */
class BuyerViewTest {

    @Test
    void theBuyerSeesPayerIdAndTheCollectorTheSellerSeesThePayerAndCollectorId() {
        try (PaymentsFixture fixture = new PaymentsFixture()) {
            JsonNode buyer = fixture.http.user("BUYER_ONE");
            ObjectNode body = payment(fixture.cardToken(fixture.sellerOne, "APRO"), "35.00");
            ((ObjectNode) body.get("payer")).put("email", buyer.get("email").asText());
            long id = fixture.pay(fixture.sellerOne, body).json().get("id").asLong();

            JsonNode seller = fixture.http.get("/v1/payments/" + id, fixture.sellerOne).json();
            Response asBuyer = fixture.http.get("/v1/payments/" + id, buyer.get("access_token").asText());
            Response asStranger = fixture.http.get("/v1/payments/" + id,
                    fixture.http.user("BUYER_TWO").get("access_token").asText());

            assertThat(seller.has("payer")).isTrue();
            assertThat(seller.has("collector_id")).isTrue();
            assertThat(seller.has("payer_id")).isFalse();
            assertThat(seller.has("collector")).isFalse();
            assertThat(asBuyer.status()).isEqualTo(200);
            JsonNode view = asBuyer.json();
            assertThat(view.has("payer")).isFalse();
            assertThat(view.has("collector_id")).isFalse();
            assertThat(view.get("payer_id").asLong()).isEqualTo(buyer.get("id").asLong());
            assertThat(view.get("collector").fieldNames()).toIterable().containsExactly("id", "first_name",
                    "last_name", "phone", "email", "identification");
            assertThat(view.get("collector").get("id").asLong()).isEqualTo(fixture.sellerOneId);
            assertThat(view.get("id").asLong()).isEqualTo(id);
            assertThat(view.get("transaction_amount")).isEqualTo(seller.get("transaction_amount"));
            assertThat(seller.get("fee_details")).as("the seller pays Mercado Pago's fee").isNotEmpty();
            assertThat(view.get("fee_details")).as("the collector's fees are not the buyer's business").isEmpty();
            for (String field : List.of("status", "status_detail", "card", "transaction_details", "order",
                    "date_approved", "refunds", "additional_info", "metadata")) {
                assertThat(view.has(field)).as(field).isTrue();
            }
            assertThat(asStranger.status()).isEqualTo(404);
            assertThat(asStranger.json().get("cause").get(0).get("code").asInt()).isEqualTo(2000);
        }
    }

    @Test
    void aPaymentOfAMercadoLibreOrderShowsTheOrderToBothSides() {
        try (PaymentsFixture fixture = new PaymentsFixture()) {
            JsonNode buyer = fixture.http.user("BUYER_ONE");
            long order = fixture.http.post("/sandbox/mercadolibre/orders", null, Map.of("seller_id",
                    fixture.sellerOneId, "buyer_id", buyer.get("id").asLong(), "items",
                    List.of(Map.of("title", "Maquina", "quantity", 1, "unit_price", 3500)))).json().get("id").asLong();
            long id = fixture.http.post("/sandbox/mercadolibre/orders/" + order + "/payments", null, Map.of()).json()
                    .get("payment").get("id").asLong();

            JsonNode asBuyer = fixture.http.get("/v1/payments/" + id, buyer.get("access_token").asText()).json();
            JsonNode asSeller = fixture.http.get("/v1/payments/" + id, fixture.sellerOne).json();

            for (JsonNode view : List.of(asBuyer, asSeller)) {
                assertThat(view.get("order").get("id").asText()).isEqualTo(Long.toString(order));
                assertThat(view.get("order").get("type").asText()).isEqualTo("mercadolibre");
                assertThat(view.get("external_reference").asText()).isEqualTo(Long.toString(order));
            }
            assertThat(asBuyer.get("payer_id").asLong()).isEqualTo(buyer.get("id").asLong());
            assertThat(asSeller.get("collector_id").asLong()).isEqualTo(fixture.sellerOneId);
        }
    }
}
