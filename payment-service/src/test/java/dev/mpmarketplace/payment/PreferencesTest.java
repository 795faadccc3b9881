package dev.mpmarketplace.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.payment.support.Kafka;
import dev.mpmarketplace.payment.support.PaymentServiceTest;
import dev.mpmarketplace.payment.support.Sellers;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * Checkout Pro preferences (seed 004) made with the seller's token, our id as their external reference; a buyer pays
 * on the checkout page and the payment reaches the service through its notification, linked to its preference.
 * Mercado Pago's refusals keep their error keys; a create whose answer is lost is resolved to the one preference.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class PreferencesTest extends PaymentServiceTest {

    static Map<String, Object> preference(long sellerId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seller_id", sellerId);
        body.put("items", List.of(Map.of("id", "sku-1", "title", "Camiseta", "quantity", 2, "currency_id", "BRL",
                "unit_price", new BigDecimal("50.00"))));
        body.put("payer", Map.of("email", "buyer@example.com"));
        body.put("marketplace_fee", new BigDecimal("5.00"));
        body.put("back_urls", Map.of("success", "https://shop.example.com/ok", "pending",
                "https://shop.example.com/wait", "failure", "https://shop.example.com/ko"));
        body.put("auto_return", "approved");
        body.put("metadata", Map.of("order_id", "42"));
        return body;
    }

    Response createPreference(String key, Object body) {
        return given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/preferences");
    }

    JsonNode readPreference(String id) {
        return given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ)).get("/preferences/{id}", id)
                .then().statusCode(200).extract().as(JsonNode.class);
    }

    /** The preference as the sandbox has it, read with the seller's own token. */
    JsonNode atMercadoPago(Sellers.LinkedSeller seller, String mercadoPagoId) {
        return given().baseUri(sandbox.url()).header("Authorization", "Bearer " + seller.accessToken())
                .get("/checkout/preferences/{id}", mercadoPagoId).then().statusCode(200).extract()
                .as(JsonNode.class);
    }

    List<JsonNode> searchAtMercadoPago(Sellers.LinkedSeller seller, String externalReference) {
        var request = given().baseUri(sandbox.url()).header("Authorization", "Bearer " + seller.accessToken());
        if (externalReference != null) {
            request.queryParam("external_reference", externalReference);
        }
        JsonNode page = request.get("/checkout/preferences/search").then().statusCode(200).extract()
                .as(JsonNode.class);
        List<JsonNode> elements = new java.util.ArrayList<>();
        page.get("elements").forEach(elements::add);
        return elements;
    }

    @Test
    void aPreferenceIsMadeWithTheSellersTokenAndACheckoutPaymentIsLinkedToItFromItsNotification() {
        Sellers.LinkedSeller seller = linkedSeller();
        String key = "pref-" + seller.id();

        JsonNode created = createPreference(key, preference(seller.id())).then().statusCode(201).extract()
                .as(JsonNode.class);
        createPreference(key, preference(seller.id())).then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", org.hamcrest.Matchers.endsWith("/preferences/" + created.get("id").asText()))
                .body("id", equalTo(created.get("id").asText()));
        String id = created.get("id").asText();
        String mercadoPagoId = created.get("mercadopago_preference_id").asText();
        assertThat(created.get("state").asText()).isEqualTo("created");
        assertThat(mercadoPagoId).startsWith(seller.id() + "-");
        assertThat(created.get("external_reference").asText()).isEqualTo(id);
        assertThat(created.get("init_point").asText()).contains("pref_id=" + mercadoPagoId);
        assertThat(created.get("sandbox_init_point").asText()).contains("pref_id=" + mercadoPagoId);
        JsonNode atMercadoPago = atMercadoPago(seller, mercadoPagoId);
        assertThat(atMercadoPago.get("external_reference").asText()).isEqualTo(id);
        assertThat(atMercadoPago.get("collector_id").asLong()).isEqualTo(seller.id());
        assertThat(atMercadoPago.get("marketplace_fee").decimalValue()).isEqualByComparingTo("5.00");
        assertThat(atMercadoPago.get("total_amount").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(atMercadoPago.has("notification_url") && !atMercadoPago.get("notification_url").isNull())
                .isFalse();

        SandboxControl.CheckoutAnswer paid = control().payOnCheckoutPage(mercadoPagoId, "APRO", "buyer@example.com");
        assertThat(paid.status()).isEqualTo(302);
        assertThat(paid.location()).startsWith("https://shop.example.com/ok").contains("external_reference=" + id);
        long paymentId = paid.paymentId();
        JsonNode payment = control().payment(seller.accessToken(), paymentId);
        assertThat(payment.get("external_reference").asText()).isEqualTo(id);
        assertThat(payment.get("fee_details").findValuesAsText("type")).contains("application_fee");

        kafka().publishNotification(Kafka.notification(seller.id(), paymentId, "payment.created"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(readPreference(id).get("payments")).hasSize(1));
        String ours = readPreference(id).get("payments").get(0).asText();
        JsonNode recorded = read(ours);
        assertThat(recorded.get("status").asText()).isEqualTo("approved");
        assertThat(recorded.get("mercadopago_payment_id").asLong()).isEqualTo(paymentId);
        assertThat(recorded.get("preference_id").asText()).isEqualTo(id);
        assertThat(recorded.get("external_reference").asText()).isEqualTo(id);
        assertThat(recorded.get("origin").asText()).isEqualTo("external");
        assertThat(recorded.get("application_fee").decimalValue()).as("the preference's marketplace fee")
                .isEqualByComparingTo("5.00");
    }

    @Test
    void aKeyIsForOneRequestAndTheSellerMustBeLinked() {
        Sellers.LinkedSeller seller = linkedSeller();
        String key = "pref-reuse-" + seller.id();
        createPreference(key, preference(seller.id())).then().statusCode(201);

        Map<String, Object> other = preference(seller.id());
        other.put("marketplace_fee", new BigDecimal("6.00"));
        createPreference(key, other).then().statusCode(409).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/idempotency-key-reused"));
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE)).contentType(ContentType.JSON)
                .body(preference(seller.id())).post("/preferences").then().statusCode(400)
                .body("type", org.hamcrest.Matchers.endsWith("/idempotency-key-missing"));
        Map<String, Object> withReference = preference(seller.id());
        withReference.put("external_reference", "mine");
        createPreference("pref-ref-" + seller.id(), withReference).then().statusCode(400)
                .body("type", org.hamcrest.Matchers.endsWith("/invalid-request"));

        long stranger = control().newSeller();
        createPreference("pref-stranger-" + stranger, preference(stranger)).then().statusCode(409)
                .body("type", org.hamcrest.Matchers.endsWith("/seller-not-linked"));
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ)).header("Idempotency-Key", "read-only")
                .contentType(ContentType.JSON).body(preference(seller.id())).post("/preferences").then()
                .statusCode(403);
        given().header("Idempotency-Key", "anonymous").contentType(ContentType.JSON).body(preference(seller.id()))
                .post("/preferences").then().statusCode(401);
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ))
                .get("/preferences/{id}", java.util.UUID.randomUUID()).then().statusCode(404)
                .body("type", org.hamcrest.Matchers.endsWith("/preference-not-found"));
    }

    @Test
    void anUpdateReplacesItemsFeeBackUrlsAndExpiryAtMercadoPago() {
        Sellers.LinkedSeller seller = linkedSeller();
        JsonNode created = createPreference("pref-update-" + seller.id(), preference(seller.id())).then()
                .statusCode(201).extract().as(JsonNode.class);
        String id = created.get("id").asText();

        Map<String, Object> change = new LinkedHashMap<>();
        change.put("items", List.of(Map.of("title", "Camiseta azul", "quantity", 3, "currency_id", "BRL",
                "unit_price", new BigDecimal("40.10"))));
        change.put("marketplace_fee", new BigDecimal("7.25"));
        change.put("expires", true);
        change.put("expiration_date_from", "2026-01-01T00:00:00.000-03:00");
        change.put("expiration_date_to", "2036-01-01T00:00:00.000-03:00");
        JsonNode updated = given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE))
                .contentType(ContentType.JSON).body(change).put("/preferences/{id}", id).then().statusCode(200)
                .extract().as(JsonNode.class);

        assertThat(updated.get("mercadopago").get("total_amount").decimalValue()).isEqualByComparingTo("120.30");
        assertThat(updated.get("mercadopago").get("marketplace_fee").decimalValue()).isEqualByComparingTo("7.25");
        JsonNode atMercadoPago = atMercadoPago(seller, created.get("mercadopago_preference_id").asText());
        assertThat(atMercadoPago.get("expires").asBoolean()).isTrue();
        assertThat(atMercadoPago.get("items").get(0).get("title").asText()).isEqualTo("Camiseta azul");
        assertThat(atMercadoPago.get("external_reference").asText()).isEqualTo(id);
        assertThat(readPreference(id).get("mercadopago").get("total_amount").decimalValue())
                .isEqualByComparingTo("120.30");

        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE)).contentType(ContentType.JSON)
                .body(Map.of("marketplace_fee", new BigDecimal("500.00"))).put("/preferences/{id}", id).then()
                .statusCode(422).body("mercadopago_error", equalTo("invalid_marketplace_fee"));
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE)).contentType(ContentType.JSON)
                .body(Map.of("external_reference", "x")).put("/preferences/{id}", id).then().statusCode(400);
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ)).contentType(ContentType.JSON)
                .body(change).put("/preferences/{id}", id).then().statusCode(403);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("invalid_items", Map.of("items", List.of())),
                Arguments.of("invalid_items", Map.of("items", List.of(Map.of("title", "x", "quantity", 1,
                        "unit_price", 0)))),
                Arguments.of("invalid_payer", Map.of("payer", "someone")),
                Arguments.of("invalid_payment_methods", Map.of("payment_methods", Map.of("installments", 40))),
                Arguments.of("invalid_installments", Map.of("payment_methods", Map.of("default_installments", 40))),
                Arguments.of("invalid_shipments", Map.of("shipments", Map.of("cost", "free"))),
                Arguments.of("invalid_back_urls", Map.of("back_urls", Map.of("success", "not a url"))),
                Arguments.of("invalid_auto_return", Map.of("back_urls", Map.of(), "auto_return", "approved")),
                Arguments.of("invalid_binary_mode", Map.of("binary_mode", "yes")),
                Arguments.of("invalid_expiration_date_from", Map.of("expiration_date_from", "yesterday")),
                Arguments.of("invalid_expiration_date_to", Map.of("expiration_date_to", "tomorrow")),
                Arguments.of("invalid_date", Map.of("date_of_expiration", "someday")),
                Arguments.of("invalid_operation_type", Map.of("operation_type", "gift")),
                Arguments.of("invalid_marketplace_fee", Map.of("marketplace_fee", new BigDecimal("100.01"))),
                Arguments.of("invalid_collector_id", Map.of("collector_id", 1)),
                Arguments.of("invalid_sponsor_id", Map.of("sponsor_id", "not a number")),
                Arguments.of("bad_request", Map.of("statement_descriptor", 5)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusals")
    void mercadoPagosRefusalsSurfaceWithTheirErrorKeyAndAreReplayed(String error, Map<String, Object> change) {
        Sellers.LinkedSeller seller = linkedSeller();
        Map<String, Object> body = new HashMap<>(preference(seller.id()));
        body.putAll(change);
        String key = "pref-refused-" + seller.id();

        Response refused = createPreference(key, body);

        refused.then().statusCode(422).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/mercadopago-refused"))
                .body("mercadopago_error", equalTo(error)).body("mercadopago_status", equalTo(400))
                .body("mercadopago_message", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
        createPreference(key, body).then().statusCode(422).body("mercadopago_error", equalTo(error));
        assertThat(searchAtMercadoPago(seller, null)).isEmpty();
    }

    @Test
    void aCreateWhoseAnswerIsLostIsResolvedToTheOnePreferenceByRepeatingIt() {
        Sellers.LinkedSeller seller = linkedSeller();
        control().fault(Map.of("id", "lost-preference", "kind", "lost_answer", "mode", "reset", "path",
                "/checkout/preferences", "method", "POST", "times", 1));
        String key = "pref-lost-" + seller.id();

        Response accepted = createPreference(key, preference(seller.id()));

        accepted.then().statusCode(202).body("state", equalTo("unknown"));
        String id = accepted.jsonPath().getString("id");
        assertThat(searchAtMercadoPago(seller, id)).hasSize(1);

        JsonNode resolved = createPreference(key, preference(seller.id())).then().statusCode(201)
                .header("Idempotent-Replayed", "true").extract().as(JsonNode.class);

        assertThat(resolved.get("id").asText()).isEqualTo(id);
        assertThat(resolved.get("state").asText()).isEqualTo("created");
        List<JsonNode> atMercadoPago = searchAtMercadoPago(seller, id);
        assertThat(atMercadoPago).hasSize(1);
        assertThat(resolved.get("mercadopago_preference_id").asText())
                .isEqualTo(atMercadoPago.get(0).get("id").asText());
    }
}
