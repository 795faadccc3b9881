package dev.mpmarketplace.sandbox.mercadopago.payments;

import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.AMEX;
import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.MASTER;
import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.assertCardTokenShape;
import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.assertError;
import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.card;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/** {@code POST /v1/card_tokens} as MercadoPago.js sends it (reference sections 2 and 9). */
class CardTokensTest {

    private PaymentsFixture fixture;
    private SandboxHttp http;

    @BeforeEach
    void start() {
        fixture = new PaymentsFixture();
        http = fixture.http;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aCardTokenMadeWithTheSellersPublicKeyAnswers201InMercadoPagosShape() {
        SandboxHttp.Grant grant = http.linkSeller("SELLER_ONE");
        String publicKey = grant.token().get("public_key").asText();

        Response response = http.post("/v1/card_tokens?public_key=" + publicKey + "&locale=pt-BR&js_version=2.0.0",
                null, card(MASTER, "123", "APRO"));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode token = response.json();
        assertCardTokenShape(token);
        assertThat(token.get("public_key").asText()).isEqualTo(publicKey);
        assertThat(token.get("card_id").isNull()).isTrue();
        assertThat(token.get("first_six_digits").asText()).isEqualTo("503143");
        assertThat(token.get("last_four_digits").asText()).isEqualTo("6351");
        assertThat(token.get("expiration_month").asInt()).isEqualTo(11);
        assertThat(token.get("expiration_year").asInt()).isEqualTo(2030);
        assertThat(token.get("cardholder").get("name").asText()).isEqualTo("APRO");
        assertThat(token.get("cardholder").get("identification").get("type").asText()).isEqualTo("CPF");
        assertThat(token.get("status").asText()).isEqualTo("active");
        assertThat(token.get("luhn_validation").asBoolean()).isTrue();
        assertThat(token.get("require_esc").asBoolean()).isFalse();
        assertThat(token.get("card_number_length").asInt()).isEqualTo(16);
        assertThat(token.get("security_code_length").asInt()).isEqualTo(3);
        OffsetDateTime created = OffsetDateTime.parse(token.get("date_created").asText());
        assertThat(OffsetDateTime.parse(token.get("date_due").asText())).isEqualTo(created.plusDays(7));
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(response.body()).doesNotContain(MASTER).doesNotContain("\"123\"");
    }

    @Test
    void aCardTokenMadeWithABearerTokenBelongsToThatSeller() {
        String token = fixture.cardToken(fixture.sellerOne, "APRO");

        Response ownPayment = fixture.pay(fixture.sellerOne, PaymentsFixture.payment(token, "10.00"));
        assertThat(ownPayment.status()).as(ownPayment.body()).isEqualTo(201);

        String another = fixture.cardToken(fixture.sellerOne, "APRO");
        assertError(fixture.pay(fixture.sellerTwo, PaymentsFixture.payment(another, "10.00")), 400, 2006);
    }

    @Test
    void anUnknownPublicKeyOrNoCredentialIs401() {
        assertError(http.post("/v1/card_tokens?public_key=APP_USR-unknown", null, card(MASTER, "123", "APRO")), 401,
                null);
        assertError(http.post("/v1/card_tokens", null, card(MASTER, "123", "APRO")), 401, 5);
    }

    @Test
    void aCardNumberMustBePresentAndPassLuhnAndLengthChecks() {
        ObjectNode missing = card(MASTER, "123", "APRO");
        missing.remove("card_number");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, missing), 400, "205");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, card("5031433215406352", "123", "APRO")), 400,
                "E301");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, card("50314332", "123", "APRO")), 400, "E301");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, card("5031abcd15406351", "123", "APRO")), 400,
                "E301");
    }

    @Test
    void theExpirationMustBeAValidMonthAndYearInTheFutureBySandboxClock() {
        ObjectNode badMonth = card(MASTER, "123", "APRO").put("expiration_month", 13);
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, badMonth), 400, "325");
        ObjectNode noYear = card(MASTER, "123", "APRO");
        noYear.remove("expiration_year");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, noYear), 400, "209");
        ObjectNode textYear = card(MASTER, "123", "APRO").put("expiration_year", "20x0");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, textYear), 400, "326");

        YearMonth thisMonth = YearMonth.now(ZoneOffset.UTC);
        ObjectNode endingThisMonth = card(MASTER, "123", "APRO").put("expiration_month", thisMonth.getMonthValue())
                .put("expiration_year", String.valueOf(thisMonth.getYear()));
        assertThat(http.post("/v1/card_tokens", fixture.sellerOne, endingThisMonth).status()).isEqualTo(201);
        fixture.advanceClock(Duration.ofDays(40));
        Response expired = http.post("/v1/card_tokens", fixture.sellerOne, endingThisMonth);
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.json().get("cause").get(0).get("code").asText()).isIn("325", "326");
    }

    @Test
    void theSecurityCodeHasThreeDigitsAndFourForAmex() {
        assertThat(http.post("/v1/card_tokens", fixture.sellerOne, card(AMEX, "1234", "APRO")).json()
                .get("security_code_length").asInt()).isEqualTo(4);
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, card(AMEX, "123", "APRO")), 400, "E302");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, card(MASTER, "1234", "APRO")), 400, "E302");
        ObjectNode missing = card(MASTER, "123", "APRO");
        missing.remove("security_code");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, missing), 400, "224");
    }

    @Test
    void theCardholderNameIsRequiredAndTheDocumentComplete() {
        ObjectNode noName = card(MASTER, "123", "APRO");
        ((ObjectNode) noName.get("cardholder")).remove("name");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, noName), 400, "221");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, card(MASTER, "123", "4PR0")), 400, "316");
        ObjectNode noNumber = card(MASTER, "123", "APRO");
        ((ObjectNode) noNumber.get("cardholder").get("identification")).remove("number");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, noNumber), 400, "214");
        ObjectNode shortCpf = card(MASTER, "123", "APRO");
        ((ObjectNode) shortCpf.get("cardholder").get("identification")).put("number", "123");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, shortCpf), 400, "324");
        ObjectNode emptyDocument = card(MASTER, "123", "APRO");
        ((ObjectNode) emptyDocument.get("cardholder")).putObject("identification");
        assertThat(http.post("/v1/card_tokens", fixture.sellerOne, emptyDocument).status()).isEqualTo(201);
    }

    @Test
    void aSavedCardIsTokenizedFromItsIdAndSecurityCode() {
        String customerId = http.post("/v1/customers", fixture.sellerOne,
                SandboxHttp.object().put("email", "saved@buyer.com")).json().get("id").asText();
        Response saved = http.post("/v1/customers/" + customerId + "/cards", fixture.sellerOne,
                SandboxHttp.object().put("token", fixture.cardToken(fixture.sellerOne, "APRO")));
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        String cardId = saved.json().get("id").asText();

        Response response = http.post("/v1/card_tokens", fixture.sellerOne,
                SandboxHttp.object().put("card_id", cardId).put("security_code", "123"));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode token = response.json();
        assertCardTokenShape(token);
        assertThat(token.get("card_id").asText()).isEqualTo(cardId);
        assertThat(token.get("luhn_validation").asBoolean()).isFalse();
        assertThat(token.get("last_four_digits").asText()).isEqualTo("6351");
        assertError(http.post("/v1/card_tokens", fixture.sellerTwo,
                SandboxHttp.object().put("card_id", cardId).put("security_code", "123")), 400, "2010");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne,
                SandboxHttp.object().put("card_id", cardId).put("security_code", "123").put("customer_id", "1-x")),
                400, "2010");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, SandboxHttp.object().put("card_id", cardId)), 400,
                "224");
    }

    @Test
    void malformedJsonOrAWrongTypeGetsTheEnvelope() {
        assertError(http.send("POST", "/v1/card_tokens", fixture.sellerOne, "application/json", "{not json"), 400, 1);
        assertError(http.send("POST", "/v1/card_tokens", fixture.sellerOne, "application/json", "[1,2]"), 400, 1);
        ObjectNode objectNumber = card(MASTER, "123", "APRO");
        objectNumber.putObject("card_number");
        assertError(http.post("/v1/card_tokens", fixture.sellerOne, objectNumber), 400, "205");
    }

    @Test
    void browsersMayCallItCrossOrigin() {
        Response preflight = http.send("OPTIONS", "/v1/card_tokens", null, null, null);

        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
    }
}
