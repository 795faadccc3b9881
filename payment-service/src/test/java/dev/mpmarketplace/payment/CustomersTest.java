package dev.mpmarketplace.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.payment.support.PaymentServiceTest;
import dev.mpmarketplace.payment.support.Sellers;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * A seller's customers and saved cards (seed 003) at Mercado Pago through the service: an e-mail the seller already
 * has answers its customer; a card saved from a token is paid with through {@code POST /payments} with a
 * security-code token and {@code payer.type=customer}; a deleted card is gone.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class CustomersTest extends PaymentServiceTest {

    Response post(String path, Object body) {
        return given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE)).contentType(ContentType.JSON)
                .body(body).post(path);
    }

    Response get(String path) {
        return given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ)).get(path);
    }

    static Map<String, Object> customer(String email, String firstName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("first_name", firstName);
        body.put("last_name", "Doe");
        body.put("identification", Map.of("type", "CPF", "number", "12345678909"));
        return body;
    }

    @Test
    void anExistingEmailAnswersTheExistingCustomerAndCustomersAreFoundByEmail() {
        Sellers.LinkedSeller seller = linkedSeller();
        String base = "/sellers/" + seller.id() + "/customers";
        String email = "jhon." + seller.id() + "@example.com";

        JsonNode created = post(base, customer(email, "Jhon")).then().statusCode(201).extract().as(JsonNode.class);
        String id = created.get("id").asText();
        JsonNode again = post(base, customer(email.toUpperCase(java.util.Locale.ROOT), "Johnny")).then()
                .statusCode(200).extract().as(JsonNode.class);

        assertThat(again.get("id").asText()).isEqualTo(id);
        assertThat(again.get("first_name").asText()).isEqualTo("Jhon");
        JsonNode found = get(base + "?email=" + email).then().statusCode(200).extract().as(JsonNode.class);
        assertThat(found.get("total").asLong()).isEqualTo(1);
        assertThat(found.get("customers").get(0).get("id").asText()).isEqualTo(id);
        get(base + "/" + id).then().statusCode(200).body("email", equalTo(email));
        post(base, customer(email + "-other", "Other")).then().statusCode(201);
        assertThat(get(base).then().statusCode(200).extract().jsonPath().getLong("total")).isEqualTo(2);

        get(base + "/" + seller.id() + "-AbCdEfGhIjKlMn").then().statusCode(404)
                .body("type", endsWith("/customer-not-found"));
        post(base, Map.of("email", "not an e-mail")).then().statusCode(422)
                .body("type", endsWith("/mercadopago-refused")).body("causes[0].code", equalTo("106"));
    }

    @Test
    void aCardSavedFromATokenIsPaidWithAndThenDeleted() {
        Sellers.LinkedSeller seller = linkedSeller();
        String base = "/sellers/" + seller.id() + "/customers";
        String customerId = post(base, customer("card." + seller.id() + "@example.com", "APRO")).then()
                .statusCode(201).extract().path("id");
        String cardToken = control().cardToken(seller.publicKey(), "APRO");

        JsonNode card = post(base + "/" + customerId + "/cards", Map.of("token", cardToken)).then().statusCode(200)
                .extract().as(JsonNode.class);
        String cardId = card.get("id").asText();
        assertThat(card.get("last_four_digits").asText()).isEqualTo("6351");
        assertThat(card.get("customer_id").asText()).isEqualTo(customerId);
        assertThat(card.toString()).doesNotContain("5031433215406351");
        post(base + "/" + customerId + "/cards", Map.of("token", cardToken)).then().statusCode(422)
                .body("causes[0].code", equalTo("122"));
        assertThat(get(base + "/" + customerId + "/cards").then().statusCode(200).extract().jsonPath()
                .getList("cards.id", String.class)).containsExactly(cardId);

        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("seller_id", seller.id());
        payment.put("currency_id", "BRL");
        payment.put("transaction_amount", new BigDecimal("42.10"));
        payment.put("token", control().savedCardToken(seller.publicKey(), cardId, "123"));
        payment.put("installments", 1);
        payment.put("payment_method_id", "master");
        payment.put("payer", Map.of("type", "customer", "id", customerId));
        JsonNode paid = create("saved-card-" + seller.id(), payment).then().statusCode(201).extract()
                .as(JsonNode.class);
        assertThat(paid.get("status").asText()).isEqualTo("approved");
        assertThat(paid.get("transaction_amount").decimalValue()).isEqualByComparingTo("42.10");
        JsonNode atMercadoPago = control().payment(seller.accessToken(), paid.get("mercadopago_payment_id").asLong());
        assertThat(atMercadoPago.get("card").get("id").asText()).isEqualTo(cardId);

        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ))
                .delete(base + "/" + customerId + "/cards/" + cardId).then().statusCode(403);
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE))
                .delete(base + "/" + customerId + "/cards/" + cardId).then().statusCode(204);
        assertThat(get(base + "/" + customerId + "/cards").then().extract().jsonPath().getList("cards")).isEmpty();
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE))
                .delete(base + "/" + customerId + "/cards/" + cardId).then().statusCode(404)
                .body("type", endsWith("/card-not-found"));
    }

    @Test
    void anUnlinkedSellerIsRefusedAndRolesAreRequired() {
        long stranger = control().newSeller();
        post("/sellers/" + stranger + "/customers", customer("x@example.com", "X")).then().statusCode(409)
                .body("type", endsWith("/seller-not-linked"));
        Sellers.LinkedSeller seller = linkedSeller();
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ)).contentType(ContentType.JSON)
                .body(customer("y@example.com", "Y")).post("/sellers/" + seller.id() + "/customers").then()
                .statusCode(403);
        given().get("/sellers/" + seller.id() + "/customers").then().statusCode(401);
    }
}
