package dev.mpmarketplace.sandbox.mercadopago.customers;

import static dev.mpmarketplace.sandbox.mercadopago.customers.CustomerShapes.assertCardShape;
import static dev.mpmarketplace.sandbox.mercadopago.customers.CustomerShapes.assertCustomerShape;
import static dev.mpmarketplace.sandbox.mercadopago.customers.CustomerShapes.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/**
 * Saved cards (reference section 4, seed 003): cards are saved from card tokens made by {@code POST /v1/card_tokens},
 * all through HTTP.
 */
class SavedCardsTest {

    /** MLB test Mastercard (reference section 9). */
    private static final String MASTER = "5031433215406351";
    /** MLB test Visa. */
    private static final String VISA = "4235647728025682";

    private MercadoPagoSandbox sandbox;
    private SandboxHttp http;
    private String sellerOne;
    private String sellerTwo;
    private String customerId;

    @BeforeEach
    void start() {
        sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults());
        http = new SandboxHttp(sandbox.url());
        sellerOne = http.user("SELLER_ONE").get("access_token").asText();
        sellerTwo = http.user("SELLER_TWO").get("access_token").asText();
        customerId = http.post("/v1/customers", sellerOne, SandboxHttp.object().put("email", "cards@buyer.com"))
                .json().get("id").asText();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void savingACardTokenAnswers201WithEveryDocumentedField() {
        String token = cardToken(sellerOne, MASTER, 11, 2030, "APRO");

        Response saved = saveCard(customerId, SandboxHttp.object().put("token", token));

        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        JsonNode card = saved.json();
        assertCardShape(card);
        assertThat(card.get("customer_id").asText()).isEqualTo(customerId);
        assertThat(card.get("user_id").asText()).isEqualTo(customerId.split("-")[0]);
        assertThat(card.get("first_six_digits").asText()).isEqualTo("503143");
        assertThat(card.get("last_four_digits").asText()).isEqualTo("6351");
        assertThat(card.get("expiration_month").asInt()).isEqualTo(11);
        assertThat(card.get("expiration_year").asInt()).isEqualTo(2030);
        assertThat(card.get("payment_method").get("id").asText()).isEqualTo("master");
        assertThat(card.get("payment_method").get("payment_type_id").asText()).isEqualTo("credit_card");
        assertThat(card.get("payment_method").get("secure_thumbnail").asText()).startsWith("https://");
        assertThat(card.get("security_code").get("length").asInt()).isEqualTo(3);
        assertThat(card.get("security_code").get("card_location").asText()).isEqualTo("back");
        assertThat(card.get("issuer").get("id").isNumber()).isTrue();
        assertThat(card.get("cardholder").get("name").asText()).isEqualTo("APRO");
        assertThat(card.get("cardholder").get("identification").get("type").asText()).isEqualTo("CPF");
    }

    @Test
    void theFirstSavedCardBecomesTheCustomersDefaultCard() {
        String first = saveCard(customerId, tokenBody(cardToken(sellerOne, MASTER, 11, 2030, "APRO"))).json()
                .get("id").asText();
        saveCard(customerId, tokenBody(cardToken(sellerOne, VISA, 11, 2030, "APRO")));

        JsonNode customer = http.get("/v1/customers/" + customerId, sellerOne).json();

        assertCustomerShape(customer);
        assertThat(customer.get("default_card").asText()).isEqualTo(first);
        assertThat(customer.get("cards")).hasSize(2);
        assertThat(customer.get("cards").get(0).get("id").asText()).isEqualTo(first);
        assertCardShape(customer.get("cards").get(1));
    }

    @Test
    void savingConsumesTheCardToken() {
        String token = cardToken(sellerOne, MASTER, 11, 2030, "APRO");
        saveCard(customerId, tokenBody(token));
        String other = http.post("/v1/customers", sellerOne, SandboxHttp.object().put("email", "b@buyer.com")).json()
                .get("id").asText();

        assertError(saveCard(other, tokenBody(token)), 400, "122");
        assertThat(cards(other)).isEmpty();
    }

    @Test
    void aTokenIsRequiredAndMustExist() {
        assertError(saveCard(customerId, SandboxHttp.object()), 400, "119");
        assertError(saveCard(customerId, tokenBody("ffffffffffffffffffffffffffffffff")), 400, "121");
        assertError(http.send("POST", "/v1/customers/" + customerId + "/cards", sellerOne, "application/json",
                "token=abc"), 400, "118");
        assertThat(cards(customerId)).isEmpty();
    }

    @Test
    void anotherSellersTokenIsAnInvalidCardOwnerAndStaysUnused() {
        String theirs = cardToken(sellerTwo, MASTER, 11, 2030, "APRO");

        assertError(saveCard(customerId, tokenBody(theirs)), 400, "140");

        assertThat(cards(customerId)).isEmpty();
        String theirCustomer = http.post("/v1/customers", sellerTwo, SandboxHttp.object().put("email", "c@d.com"))
                .json().get("id").asText();
        assertThat(http.post("/v1/customers/" + theirCustomer + "/cards", sellerTwo, tokenBody(theirs)).status())
                .isEqualTo(201);
    }

    @Test
    void anExpiredTokenCannotBeSaved() {
        String token = cardToken(sellerOne, MASTER, 11, 2030, "APRO");
        assertThat(http.post("/sandbox/clock", null, SandboxHttp.object().put("advance", "P8D")).status())
                .isEqualTo(200);

        assertError(saveCard(customerId, tokenBody(token)), 400, "122");
        assertThat(cards(customerId)).isEmpty();
    }

    @Test
    void aPaymentMethodThatContradictsTheTokenIs127() {
        String token = cardToken(sellerOne, MASTER, 11, 2030, "APRO");

        assertError(saveCard(customerId, tokenBody(token).put("payment_method_id", "visa")), 400, "127");

        assertThat(cards(customerId)).isEmpty();
        assertThat(saveCard(customerId, tokenBody(token).put("payment_method_id", "master")).status())
                .isEqualTo(201);
    }

    @Test
    void savingTheSameCardAgainReturnsTheExistingCard() {
        JsonNode first = saveCard(customerId, tokenBody(cardToken(sellerOne, MASTER, 11, 2030, "APRO"))).json();

        Response again = saveCard(customerId, tokenBody(cardToken(sellerOne, MASTER, 11, 2030, "APRO")));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first);
        assertThat(cards(customerId)).hasSize(1);
        assertThat(saveCard(customerId, tokenBody(cardToken(sellerOne, MASTER, 12, 2031, "APRO"))).status())
                .isEqualTo(201);
    }

    @Test
    void aCustomerHoldsAtMostTenCards() {
        for (int i = 0; i < CustomersModule.MAX_CARDS_PER_CUSTOMER; i++) {
            assertThat(saveCard(customerId, tokenBody(cardToken(sellerOne, MASTER, 11, 2030 + i, "APRO"))).status())
                    .isEqualTo(201);
        }
        String eleventh = cardToken(sellerOne, VISA, 11, 2030, "APRO");

        assertError(saveCard(customerId, tokenBody(eleventh)), 400, "129");

        assertThat(cards(customerId)).hasSize(CustomersModule.MAX_CARDS_PER_CUSTOMER);
        String other = http.post("/v1/customers", sellerOne, SandboxHttp.object().put("email", "e@f.com")).json()
                .get("id").asText();
        assertThat(saveCard(other, tokenBody(eleventh)).status()).isEqualTo(201);
    }

    @Test
    void listingCardsAnswersABareArray() {
        JsonNode card = saveCard(customerId, tokenBody(cardToken(sellerOne, MASTER, 11, 2030, "APRO"))).json();

        Response list = http.get("/v1/customers/" + customerId + "/cards", sellerOne);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().isArray()).isTrue();
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0)).isEqualTo(card);
        assertThat(http.get("/v1/customers/" + customerId + "/cards/" + card.get("id").asText(), sellerOne).json())
                .isEqualTo(card);
    }

    @Test
    void anUnknownCardOrAnotherCustomersCardIs404With120() {
        JsonNode card = saveCard(customerId, tokenBody(cardToken(sellerOne, MASTER, 11, 2030, "APRO"))).json();
        String other = http.post("/v1/customers", sellerOne, SandboxHttp.object().put("email", "g@h.com")).json()
                .get("id").asText();

        assertError(http.get("/v1/customers/" + customerId + "/cards/1234567890123", sellerOne), 404, "120");
        assertError(http.get("/v1/customers/" + other + "/cards/" + card.get("id").asText(), sellerOne), 404, "120");
        assertError(http.get("/v1/customers/" + customerId + "/cards/" + card.get("id").asText(), sellerTwo), 404,
                null);
    }

    @Test
    void updatingACardChangesItsExpiryAndCardholder() {
        JsonNode card = saveCard(customerId, tokenBody(cardToken(sellerOne, MASTER, 11, 2030, "APRO"))).json();
        String path = "/v1/customers/" + customerId + "/cards/" + card.get("id").asText();
        ObjectNode change = SandboxHttp.object().put("expiration_month", 12).put("expiration_year", 2032);
        change.putObject("cardholder").put("name", "OTHE");

        Response updated = http.put(path, sellerOne, change);

        assertThat(updated.status()).isEqualTo(200);
        assertCardShape(updated.json());
        assertThat(updated.json().get("expiration_month").asInt()).isEqualTo(12);
        assertThat(updated.json().get("expiration_year").asInt()).isEqualTo(2032);
        assertThat(updated.json().get("cardholder").get("name").asText()).isEqualTo("OTHE");
        assertError(http.put(path, sellerOne, SandboxHttp.object().put("expiration_month", 13)), 400, "122");
        assertThat(http.get(path, sellerOne).json()).isEqualTo(updated.json());
    }

    @Test
    void deletingACardReturnsItAndTheNextCardBecomesDefault() {
        JsonNode first = saveCard(customerId, tokenBody(cardToken(sellerOne, MASTER, 11, 2030, "APRO"))).json();
        JsonNode second = saveCard(customerId, tokenBody(cardToken(sellerOne, VISA, 11, 2030, "APRO"))).json();
        String path = "/v1/customers/" + customerId + "/cards/" + first.get("id").asText();

        Response deleted = http.send("DELETE", path, sellerOne, null, null);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json()).isEqualTo(first);
        assertError(http.get(path, sellerOne), 404, "120");
        JsonNode customer = http.get("/v1/customers/" + customerId, sellerOne).json();
        assertThat(customer.get("default_card").asText()).isEqualTo(second.get("id").asText());
        assertThat(customer.get("cards")).hasSize(1);
    }

    @Test
    void deletingACustomerDeletesItsCards() {
        JsonNode card = saveCard(customerId, tokenBody(cardToken(sellerOne, MASTER, 11, 2030, "APRO"))).json();

        JsonNode deleted = http.send("DELETE", "/v1/customers/" + customerId, sellerOne, null, null).json();

        assertThat(deleted.get("cards")).hasSize(1);
        ObjectNode fromSavedCard = SandboxHttp.object().put("card_id", card.get("id").asText())
                .put("security_code", "123");
        assertThat(http.post("/v1/card_tokens", sellerOne, fromSavedCard).status()).isEqualTo(400);
    }

    @Test
    void aTokenMadeFromASavedCardWorksForItsCustomerOnly() {
        JsonNode card = saveCard(customerId, tokenBody(cardToken(sellerOne, MASTER, 11, 2030, "APRO"))).json();
        ObjectNode request = SandboxHttp.object().put("card_id", card.get("id").asText()).put("security_code", "123");
        Response token = http.post("/v1/card_tokens", sellerOne, request);
        assertThat(token.status()).as(token.body()).isBetween(200, 201);
        String tokenId = token.json().get("id").asText();
        String other = http.post("/v1/customers", sellerOne, SandboxHttp.object().put("email", "i@j.com")).json()
                .get("id").asText();

        assertError(saveCard(other, tokenBody(tokenId)), 400, "140");
        Response same = saveCard(customerId, tokenBody(tokenId));

        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("id").asText()).isEqualTo(card.get("id").asText());
        assertThat(cards(customerId)).hasSize(1);
        assertThat(cards(other)).isEmpty();
    }

    @Test
    void customersAndTheirCardsSurviveARestart(@TempDir Path dataDir) {
        MercadoPagoSandboxOptions options = MercadoPagoSandboxOptions.defaults().withDataDir(dataDir);
        JsonNode before;
        String seller;
        String id;
        try (MercadoPagoSandbox first = MercadoPagoSandbox.start(options)) {
            SandboxHttp firstHttp = new SandboxHttp(first.url());
            seller = firstHttp.user("SELLER_ONE").get("access_token").asText();
            ObjectNode request = SandboxHttp.object().put("email", "kept@buyer.com");
            request.putObject("metadata").put("tier", "gold").putArray("tags").add(1);
            request.putObject("address").put("street_name", "Rua Exemplo");
            id = firstHttp.post("/v1/customers", seller, request).json().get("id").asText();
            ObjectNode card = SandboxHttp.object().put("card_number", MASTER).put("expiration_month", 11)
                    .put("expiration_year", 2030).put("security_code", "123");
            card.putObject("cardholder").put("name", "APRO");
            String token = firstHttp.post("/v1/card_tokens", seller, card).json().get("id").asText();
            assertThat(firstHttp.post("/v1/customers/" + id + "/cards", seller, tokenBody(token)).status())
                    .isEqualTo(201);
            before = firstHttp.get("/v1/customers/" + id, seller).json();
        }

        try (MercadoPagoSandbox second = MercadoPagoSandbox.start(options)) {
            SandboxHttp secondHttp = new SandboxHttp(second.url());
            assertThat(secondHttp.get("/v1/customers/" + id, seller).json()).isEqualTo(before);
            assertError(secondHttp.post("/v1/customers", seller, SandboxHttp.object().put("email", "kept@buyer.com")),
                    400, "101");
        }
    }

    private String cardToken(String sellerToken, String number, int month, int year, String holder) {
        ObjectNode request = SandboxHttp.object().put("card_number", number).put("expiration_month", month)
                .put("expiration_year", year).put("security_code", "123");
        ObjectNode cardholder = request.putObject("cardholder").put("name", holder);
        cardholder.putObject("identification").put("type", "CPF").put("number", "12345678909");
        Response response = http.post("/v1/card_tokens", sellerToken, request);
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response.json().get("id").asText();
    }

    private static ObjectNode tokenBody(String token) {
        return SandboxHttp.object().put("token", token);
    }

    private Response saveCard(String customer, ObjectNode body) {
        return http.post("/v1/customers/" + customer + "/cards", sellerOne, body);
    }

    private JsonNode cards(String customer) {
        return http.get("/v1/customers/" + customer + "/cards", sellerOne).json();
    }
}
