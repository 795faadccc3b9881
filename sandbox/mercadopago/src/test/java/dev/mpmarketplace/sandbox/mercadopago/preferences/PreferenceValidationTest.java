package dev.mpmarketplace.sandbox.mercadopago.preferences;

import static dev.mpmarketplace.sandbox.mercadopago.preferences.PreferenceFixtures.assertRejected;
import static dev.mpmarketplace.sandbox.mercadopago.preferences.PreferenceFixtures.item;
import static dev.mpmarketplace.sandbox.mercadopago.preferences.PreferenceFixtures.items;
import static dev.mpmarketplace.sandbox.mercadopago.preferences.PreferenceFixtures.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/**
 * One test per validation rule of {@code POST/PUT /checkout/preferences} (reference section 3, seed 004): each bad
 * request gets the documented 400 envelope and leaves the collector's preferences as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreferenceValidationTest {

    private MercadoPagoSandbox sandbox;
    private SandboxHttp http;
    private String sellerOne;
    private long sellerOneId;
    private String sellerTwo;
    private String marketplaceToken;

    @BeforeAll
    void start() {
        sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults());
        http = new SandboxHttp(sandbox.url());
        JsonNode one = http.user("SELLER_ONE");
        sellerOne = one.get("access_token").asText();
        sellerOneId = one.get("id").asLong();
        sellerTwo = http.user("SELLER_TWO").get("access_token").asText();
        marketplaceToken = http.linkSeller("SELLER_ONE").accessToken();
    }

    @AfterAll
    void stop() {
        sandbox.close();
    }

    @Test
    void itemsAreNeeded() {
        rejects(SandboxHttp.object(), "invalid_items", "items needed.");
        ObjectNode empty = SandboxHttp.object();
        empty.putArray("items");
        rejects(empty, "invalid_items", "items needed.");
        rejects(SandboxHttp.object().putNull("items"), "invalid_items", "items needed.");
    }

    @Test
    void itemsMustBeAnArrayOfObjects() {
        rejects(SandboxHttp.object().put("items", "camiseta"), "invalid_items", "items invalid. Wrong format");
        ObjectNode notObjects = SandboxHttp.object();
        notObjects.putArray("items").add(1);
        rejects(notObjects, "invalid_items", "items invalid. Wrong format");
        ObjectNode titleNotText = minimal();
        ((ObjectNode) items(titleNotText).get(0)).putArray("title");
        rejects(titleNotText, "invalid_items", "items invalid. Wrong format");
    }

    @Test
    void currencyIdGivenBlankIsNeeded() {
        ObjectNode request = minimal();
        ((ObjectNode) items(request).get(0)).put("currency_id", " ");
        rejects(request, "invalid_items", "currency_id needed.");
    }

    @Test
    void currencyIdMustBeTheCollectorsSiteCurrency() {
        ObjectNode request = minimal();
        ((ObjectNode) items(request).get(0)).put("currency_id", "ARS");
        rejects(request, "invalid_items", "currency_id invalid.");
        ObjectNode notText = minimal();
        ((ObjectNode) items(notText).get(0)).put("currency_id", 986);
        rejects(notText, "invalid_items", "currency_id invalid.");
    }

    @Test
    void itemsWithoutCurrencyIdTakeTheSiteCurrency() {
        ObjectNode request = SandboxHttp.object();
        request.putArray("items").add(item("Caneca", 1, "10"));
        Response created = http.post("/checkout/preferences", sellerOne, request);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("items").get(0).get("currency_id").asText()).isEqualTo("BRL");
    }

    @Test
    void quantityIsNeeded() {
        ObjectNode request = minimal();
        ((ObjectNode) items(request).get(0)).remove("quantity");
        rejects(request, "invalid_items", "quantity needed.");
    }

    @Test
    void quantityMustBeANumber() {
        ObjectNode request = minimal();
        ((ObjectNode) items(request).get(0)).put("quantity", "2");
        rejects(request, "invalid_items", "quantity must be a number.");
    }

    @Test
    void quantityMustBeAWholeNumberAboveZero() {
        ObjectNode zero = minimal();
        ((ObjectNode) items(zero).get(0)).put("quantity", 0);
        rejects(zero, "invalid_items", "quantity invalid.");
        ObjectNode fraction = minimal();
        ((ObjectNode) items(fraction).get(0)).put("quantity", 1.5);
        rejects(fraction, "invalid_items", "quantity invalid.");
    }

    @Test
    void unitPriceIsNeeded() {
        ObjectNode request = minimal();
        ((ObjectNode) items(request).get(0)).remove("unit_price");
        rejects(request, "invalid_items", "unit_price needed.");
    }

    @Test
    void unitPriceMustBeANumber() {
        ObjectNode request = minimal();
        ((ObjectNode) items(request).get(0)).put("unit_price", "50.00");
        rejects(request, "invalid_items", "unit_price must be a number.");
    }

    @Test
    void unitPriceMustBeAboveZero() {
        ObjectNode request = minimal();
        ((ObjectNode) items(request).get(0)).put("unit_price", -1);
        rejects(request, "invalid_items", "unit_price invalid.");
        ObjectNode zero = minimal();
        ((ObjectNode) items(zero).get(0)).put("unit_price", 0);
        rejects(zero, "invalid_items", "unit_price invalid.");
    }

    @Test
    void marketplaceFeeMustBeANumber() {
        rejects(marketplaceToken, minimal().put("marketplace_fee", "10"), "invalid_marketplace_fee",
                "marketplace_fee must be a number.");
    }

    @Test
    void marketplaceFeeMustBePositive() {
        rejects(marketplaceToken, minimal().put("marketplace_fee", -1), "invalid_marketplace_fee",
                "marketplace_fee must be a positive number.");
    }

    @Test
    void marketplaceFeeMustNotBeGreaterThanTotalAmount() {
        rejects(marketplaceToken, minimal().put("marketplace_fee", 100.01), "invalid_marketplace_fee",
                "marketplace_fee must not be greater than total amount.");
        Response equal = http.post("/checkout/preferences", marketplaceToken, minimal().put("marketplace_fee", 100));
        assertThat(equal.status()).as(equal.body()).isEqualTo(201);
    }

    @Test
    void marketplaceFeeNeedsATokenObtainedThroughOAuth() {
        rejects(sellerOne, minimal().put("marketplace_fee", 5), "invalid_marketplace_fee",
                "You cannot use marketplace_fee with this preference.");
        Response zero = http.post("/checkout/preferences", sellerOne, minimal().put("marketplace_fee", 0));
        assertThat(zero.status()).as(zero.body()).isEqualTo(201);
    }

    @Test
    void backUrlsMustBeAnObjectOfUrls() {
        rejects(minimal().put("back_urls", "https://shop.test/ok"), "invalid_back_urls",
                "back_urls invalid. Wrong format");
        ObjectNode notUrl = minimal();
        notUrl.putObject("back_urls").put("success", "not a url");
        rejects(notUrl, "invalid_back_urls", "back_urls invalid. Wrong format");
        ObjectNode notText = minimal();
        notText.putObject("back_urls").put("failure", 12);
        rejects(notText, "invalid_back_urls", "back_urls invalid. Wrong format");
    }

    @Test
    void autoReturnNeedsBackUrlSuccess() {
        ObjectNode request = minimal().put("auto_return", "approved");
        request.putObject("back_urls").put("failure", "https://shop.test/failure");
        rejects(request, "invalid_auto_return", "auto_return invalid. back_url.success must be defined");
    }

    @Test
    void autoReturnIsApprovedOrAll() {
        ObjectNode request = minimal().put("auto_return", "always");
        request.putObject("back_urls").put("success", "https://shop.test/success");
        rejects(request, "invalid_auto_return", "auto_return invalid.");
    }

    @Test
    void paymentMethodsMustBeWellFormed() {
        rejects(minimal().put("payment_methods", "visa"), "invalid_payment_methods",
                "payment_methods invalid. Wrong format");
        ObjectNode notList = minimal();
        notList.putObject("payment_methods").put("excluded_payment_types", "ticket");
        rejects(notList, "invalid_payment_methods", "payment_methods invalid. Wrong format");
        ObjectNode idNotText = minimal();
        idNotText.putObject("payment_methods").putArray("excluded_payment_methods").addObject().put("id", 1);
        rejects(idNotText, "invalid_payment_methods", "payment_methods invalid. Wrong format");
    }

    @Test
    void accountMoneyCannotBeExcluded() {
        ObjectNode request = minimal();
        request.putObject("payment_methods").putArray("excluded_payment_types").addObject().put("id",
                "account_money");
        rejects(request, "invalid_payment_methods", "payment_methods invalid. account_money cannot be excluded.");
    }

    @Test
    void notEveryPaymentTypeCanBeExcluded() {
        ObjectNode request = minimal();
        var types = request.putObject("payment_methods").putArray("excluded_payment_types");
        for (String type : PreferenceTerms.EXCLUDABLE_PAYMENT_TYPES) {
            types.addObject().put("id", type);
        }
        rejects(request, "invalid_payment_methods", "payment_methods invalid. Cannot exclude all payment methods.");
    }

    @Test
    void installmentsAreBetween1And36() {
        ObjectNode request = minimal();
        request.putObject("payment_methods").put("installments", 37);
        rejects(request, "invalid_payment_methods", "installments invalid. Should be a number between 1 and 36.");
        ObjectNode zero = minimal();
        zero.putObject("payment_methods").put("installments", 0);
        rejects(zero, "invalid_payment_methods", "installments invalid. Should be a number between 1 and 36.");
    }

    @Test
    void installmentsMustBeANumber() {
        ObjectNode request = minimal();
        request.putObject("payment_methods").put("installments", "12");
        rejects(request, "invalid_installments", "installments must be a number.");
    }

    @Test
    void defaultInstallmentsAreANumberBetween1And36() {
        ObjectNode text = minimal();
        text.putObject("payment_methods").put("default_installments", "3");
        rejects(text, "invalid_installments", "default_installments must be a number.");
        ObjectNode tooMany = minimal();
        tooMany.putObject("payment_methods").put("default_installments", 48);
        rejects(tooMany, "invalid_installments", "default_installments invalid. Should be a number between 1 and 36.");
    }

    @Test
    void binaryModeMustBeBoolean() {
        rejects(minimal().put("binary_mode", "true"), "invalid_binary_mode", "binary_mode must be boolean.");
    }

    @Test
    void expirationDateFromMustBeADate() {
        rejects(minimal().put("expires", true).put("expiration_date_from", "tomorrow"),
                "invalid_expiration_date_from", "expiration_date_from invalid.");
    }

    @Test
    void expirationDateToMustBeADateNotBeforeFrom() {
        rejects(minimal().put("expires", true).put("expiration_date_to", "2030-02-30T10:00:00.000-04:00"),
                "invalid_expiration_date_to", "expiration_date_to invalid.");
        rejects(minimal().put("expires", true).put("expiration_date_from", "2030-02-10T10:00:00.000-04:00")
                .put("expiration_date_to", "2030-02-01T10:00:00.000-04:00"), "invalid_expiration_date_to",
                "expiration_date_to invalid.");
    }

    @Test
    void dateOfExpirationMustBeADate() {
        rejects(minimal().put("date_of_expiration", "2030-13-01"), "invalid_date", "invalid date of expiration.");
    }

    @Test
    void clientCredentialsTokensAreDeniedAccess() {
        JsonNode app = http.marketplaceApplication();
        Response token = http.post("/oauth/token", null, Map.of("grant_type", "client_credentials", "client_id",
                app.get("client_id").asText(), "client_secret", app.get("client_secret").asText()));
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        String applicationToken = token.json().get("access_token").asText();
        rejects(applicationToken, minimal(), "invalid_access_token", "access denied");
        assertRejected(http.get("/checkout/preferences/search", applicationToken), "invalid_access_token",
                "access denied");
    }

    @Test
    void collectorIdMustBeTheTokensUser() {
        rejects(minimal().put("collector_id", "seller"), "invalid_collector_id", "collector_id must be a number.");
        rejects(minimal().put("collector_id", sellerOneId + 1), "invalid_collector_id", "collector_id invalid.");
        Response same = http.post("/checkout/preferences", sellerOne, minimal().put("collector_id", sellerOneId));
        assertThat(same.status()).as(same.body()).isEqualTo(201);
    }

    @Test
    void sponsorIdMustBeANumber() {
        rejects(minimal().put("sponsor_id", "platform"), "invalid_sponsor_id", "sponsor_id must be a number.");
    }

    @Test
    void sponsorIdMustExist() {
        rejects(minimal().put("sponsor_id", 999_999_999L), "invalid_sponsor_id", "sponsor_id not found.");
    }

    @Test
    void sponsorIdMustDifferFromCollectorId() {
        rejects(minimal().put("sponsor_id", sellerOneId), "invalid_sponsor_id",
                "sponsor_id must be different than collector_id.");
    }

    @Test
    void sponsorMustBeAnActiveSeller() {
        long buyer = http.user("BUYER_ONE").get("id").asLong();
        rejects(minimal().put("sponsor_id", buyer), "invalid_sponsor_id", "sponsor_id is not an active user.");
        long marketplace = http.user("MARKETPLACE").get("id").asLong();
        Response sponsored = http.post("/checkout/preferences", sellerOne, minimal().put("sponsor_id", marketplace));
        assertThat(sponsored.status()).as(sponsored.body()).isEqualTo(201);
        assertThat(sponsored.json().get("sponsor_id").asLong()).isEqualTo(marketplace);
    }

    @Test
    void sponsorMustBeOnTheCollectorsSite() {
        Response argentine = http.post("/sandbox/users", null,
                SandboxHttp.object().put("role", "seller").put("site_id", "MLA"));
        rejects(minimal().put("sponsor_id", argentine.json().get("id").asLong()), "invalid_sponsor_id",
                "The sponsor_id site must be the same as the collector_id site.");
    }

    @Test
    void operationTypeIsRegularPaymentOrMoneyTransfer() {
        rejects(minimal().put("operation_type", "recurring_payment"), "invalid_operation_type",
                "operation_type invalid.");
        Response transfer = http.post("/checkout/preferences", sellerOne,
                minimal().put("operation_type", "money_transfer"));
        assertThat(transfer.status()).as(transfer.body()).isEqualTo(201);
    }

    @Test
    void shipmentsModeIsCustomNotSpecifiedOrMe2() {
        ObjectNode request = minimal();
        request.putObject("shipments").put("mode", "drone");
        rejects(request, "invalid_shipments", "invalid value (drone) for field shipments.mode.");
    }

    @Test
    void shipmentsCostIsANumberNotBelowZero() {
        ObjectNode text = minimal();
        text.putObject("shipments").put("mode", "custom").put("cost", "10");
        rejects(text, "invalid_shipments", "invalid type (string) for field shipments.cost.");
        ObjectNode negative = minimal();
        negative.putObject("shipments").put("mode", "custom").put("cost", -5);
        rejects(negative, "invalid_shipments", "invalid value (-5) for field shipments.cost.");
    }

    @Test
    void shipmentsFieldsHaveTheirTypes() {
        rejects(minimal().put("shipments", "custom"), "invalid_shipments",
                "invalid type (string) for field shipments.");
        ObjectNode pickup = minimal();
        pickup.putObject("shipments").put("local_pickup", "yes");
        rejects(pickup, "invalid_shipments", "invalid type (string) for field shipments.local_pickup.");
        ObjectNode dimensions = minimal();
        dimensions.putObject("shipments").put("mode", "me2").put("dimensions", "big");
        rejects(dimensions, "invalid_shipments", "invalid value (big) for field shipments.dimensions.");
    }

    @Test
    void payerMustBeWellFormed() {
        rejects(minimal().put("payer", "john@doe.com"), "invalid_payer", "payer invalid. Wrong format");
        ObjectNode phone = minimal();
        phone.putObject("payer").put("phone", "11 4444-4444");
        rejects(phone, "invalid_payer", "payer invalid. Wrong format");
    }

    @Test
    void payerEmailIsAtMost150Characters() {
        ObjectNode request = minimal();
        request.putObject("payer").put("email", "a".repeat(140) + "@buyer.test");
        rejects(request, "invalid_payer", "payer email invalid. Max length 150.");
    }

    @Test
    void payerNameAndSurnameAreAtMost100Characters() {
        ObjectNode name = minimal();
        name.putObject("payer").put("name", "n".repeat(101));
        rejects(name, "invalid_payer", "payer name invalid. Max length 100.");
        ObjectNode surname = minimal();
        surname.putObject("payer").put("surname", "s".repeat(101));
        rejects(surname, "invalid_payer", "payer surname invalid. Max length 100.");
    }

    @Test
    void otherFieldsHaveTheirDocumentedTypes() {
        rejects(minimal().put("expires", "true"), "bad_request", "invalid type (string) for field expires.");
        rejects(minimal().put("external_reference", 42), "bad_request",
                "invalid type (number) for field external_reference.");
        ObjectNode metadata = minimal();
        metadata.putArray("metadata");
        rejects(metadata, "bad_request", "invalid type (array) for field metadata.");
        rejects(minimal().put("additional_info", "x".repeat(601)), "bad_request",
                "additional_info invalid. Max length 600.");
        rejects(minimal().put("notification_url", "webhooks please"), "bad_request",
                "invalid value for field notification_url. Must be a valid URL.");
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsRejected() {
        int before = total(sellerOne);
        Response response = http.send("POST", "/checkout/preferences", sellerOne, "application/json", "[1,2");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("status").asInt()).isEqualTo(400);
        assertThat(response.json().has("cause")).isTrue();
        assertThat(total(sellerOne)).isEqualTo(before);
    }

    @Test
    void aMissingOrUnknownBearerTokenIs401() {
        Response missing = http.post("/checkout/preferences", null, minimal());
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(missing.json().get("message").asText()).isEqualTo("Must provide your access_token to proceed");
        Response unknown = http.get("/checkout/preferences/search", "APP_USR-not-a-token");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().get("status").asInt()).isEqualTo(401);
    }

    @Test
    void anUnknownOrForeignPreferenceIdIsNotFound() {
        Response created = http.post("/checkout/preferences", sellerOne, minimal());
        String id = created.json().get("id").asText();
        assertRejected(http.get("/checkout/preferences/" + sellerOneId + "-nope", sellerOne), "invalid_id",
                "preference_id not found.");
        assertRejected(http.get("/checkout/preferences/" + id, sellerTwo), "invalid_id", "preference_id not found.");
        assertRejected(http.put("/checkout/preferences/" + id, sellerTwo, SandboxHttp.object()
                .put("external_reference", "stolen")), "invalid_id", "preference_id not found.");
        assertThat(http.get("/checkout/preferences/" + id, sellerOne).json().get("external_reference").asText())
                .isEmpty();
    }

    @Test
    void anUpdateIsCheckedLikeACreationAndChangesNothingWhenRejected() {
        JsonNode created = http.post("/checkout/preferences", sellerOne, minimal().put("external_reference", "keep"))
                .json();
        String path = "/checkout/preferences/" + created.get("id").asText();
        ObjectNode badItems = SandboxHttp.object();
        badItems.putArray("items").addObject().put("title", "no price").put("quantity", 1);
        assertRejected(http.put(path, sellerOne, badItems), "invalid_items", "unit_price needed.");
        assertRejected(http.put(path, sellerOne, SandboxHttp.object().put("binary_mode", 1)
                .put("external_reference", "changed")), "invalid_binary_mode", "binary_mode must be boolean.");
        JsonNode after = http.get(path, sellerOne).json();
        assertThat(after).isEqualTo(created);
    }

    private void rejects(ObjectNode request, String error, String message) {
        rejects(sellerOne, request, error, message);
    }

    private void rejects(String token, ObjectNode request, String error, String message) {
        int before = total(sellerOne);
        assertRejected(http.post("/checkout/preferences", token, request), error, message);
        assertThat(total(sellerOne)).as("no preference was created").isEqualTo(before);
    }

    private int total(String token) {
        Response search = http.get("/checkout/preferences/search", token);
        assertThat(search.status()).as(search.body()).isEqualTo(200);
        return search.json().get("total").asInt();
    }
}
