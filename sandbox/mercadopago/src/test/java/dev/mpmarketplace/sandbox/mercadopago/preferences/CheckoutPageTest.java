package dev.mpmarketplace.sandbox.mercadopago.preferences;

import static dev.mpmarketplace.sandbox.mercadopago.preferences.PreferenceFixtures.item;
import static dev.mpmarketplace.sandbox.mercadopago.preferences.PreferenceFixtures.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/**
 * The Checkout Pro page of the sandbox, driven as a browser would: open the {@code init_point}, post the card form,
 * follow the return to the integrator's {@code back_urls}, then look at the payment with the seller's token.
 */
class CheckoutPageTest {

    private static final String SUCCESS = "https://shop.test/checkout/success";
    private static final String PENDING = "https://shop.test/checkout/pending";
    private static final String FAILURE = "https://shop.test/checkout/failure";

    private MercadoPagoSandbox sandbox;
    private SandboxHttp http;
    private SandboxHttp.Grant seller;
    private String sellerOwnToken;

    @BeforeEach
    void start() {
        sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults());
        http = new SandboxHttp(sandbox.url());
        seller = http.linkSeller("SELLER_ONE");
        sellerOwnToken = http.user("SELLER_ONE").get("access_token").asText();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void theCheckoutPageShowsTheItemsTheTotalAndTheCardForm() {
        ObjectNode request = minimal();
        PreferenceFixtures.items(request).add(item("Boné <azul>", 1, "25.90"));
        request.putObject("payer").put("email", "test_user_buyer_one@testuser.com");
        JsonNode preference = create(seller.accessToken(), request);

        Response page = http.get(path(preference.get("init_point").asText()), null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        String html = page.body();
        for (String id : new String[]{"card_number", "expiration", "security_code", "cardholder_name", "email",
                "pay", "items", "total"}) {
            assertThat(html).contains("id=\"" + id + "\"");
        }
        assertThat(html).contains("Camiseta").contains("Boné &lt;azul&gt;").doesNotContain("<azul>");
        assertThat(html).contains("<strong id=\"total\">125.90</strong>");
        assertThat(html).contains("action=\"/checkout/v1/pay\"");
        assertThat(html).contains("name=\"pref_id\" value=\"" + preference.get("id").asText() + "\"");
        assertThat(html).contains("value=\"test_user_buyer_one@testuser.com\"");
    }

    @Test
    void anUnknownPreferenceShowsANotFoundPage() {
        Response page = http.get("/checkout/v1/redirect?pref_id=123-nope", null);

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("id=\"error\"").doesNotContain("id=\"card_number\"");
        assertThat(http.postForm("/checkout/v1/pay", card("123-nope", "APRO")).status()).isEqualTo(404);
    }

    @Test
    void anExpiredPreferenceShowsAnErrorPageBySandboxTimeAndTakesNoPayment() {
        OffsetDateTime now = OffsetDateTime.parse(http.get("/sandbox/clock", null).json().get("now").asText());
        JsonNode preference = create(seller.accessToken(), minimal().put("expires", true)
                .put("expiration_date_from", now.minusHours(1).toString())
                .put("expiration_date_to", now.plusDays(1).toString()).put("external_reference", "expiring"));
        String page = path(preference.get("init_point").asText());
        assertThat(http.get(page, null).status()).isEqualTo(200);

        http.post("/sandbox/clock", null, SandboxHttp.object().put("advance", "P2D"));

        Response expired = http.get(page, null);
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.body()).contains("id=\"error\"").contains("expired").doesNotContain("id=\"pay\"");
        Response paid = http.postForm("/checkout/v1/pay", card(preference.get("id").asText(), "APRO"));
        assertThat(paid.status()).isEqualTo(400);
        assertThat(paymentsWithReference("expiring")).isZero();
    }

    @Test
    void aPreferenceThatIsNotActiveYetShowsAnErrorPage() {
        OffsetDateTime now = OffsetDateTime.parse(http.get("/sandbox/clock", null).json().get("now").asText());
        JsonNode preference = create(seller.accessToken(), minimal().put("expires", true)
                .put("expiration_date_from", now.plusDays(1).toString()));

        Response page = http.get(path(preference.get("init_point").asText()), null);

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"error\"").contains("not active yet");
    }

    @Test
    void anApprovedPaymentReturnsToSuccessWithCheckoutProsParametersAndPaysTheMarketplaceFee() {
        ObjectNode request = minimal().put("marketplace_fee", 10).put("external_reference", "order-42")
                .put("auto_return", "approved").put("binary_mode", true)
                .put("notification_url", "https://shop.test/webhooks/mp");
        backUrls(request);
        JsonNode preference = create(seller.accessToken(), request);
        String preferenceId = preference.get("id").asText();
        Response page = http.get(path(preference.get("init_point").asText()), null);
        assertThat(page.status()).isEqualTo(200);

        Response paid = http.postForm("/checkout/v1/pay", card(preferenceId, "APRO"));

        assertThat(paid.status()).as(paid.body()).isEqualTo(302);
        String location = paid.header("Location");
        assertThat(location).startsWith(SUCCESS + "?");
        String paymentId = SandboxHttp.query(location, "payment_id");
        assertThat(paymentId).matches("\\d+");
        assertThat(SandboxHttp.query(location, "collection_id")).isEqualTo(paymentId);
        assertThat(SandboxHttp.query(location, "collection_status")).isEqualTo("approved");
        assertThat(SandboxHttp.query(location, "status")).isEqualTo("approved");
        assertThat(SandboxHttp.query(location, "external_reference")).isEqualTo("order-42");
        assertThat(SandboxHttp.query(location, "payment_type")).isEqualTo("credit_card");
        assertThat(SandboxHttp.query(location, "merchant_order_id")).matches("\\d{11}");
        assertThat(SandboxHttp.query(location, "preference_id")).isEqualTo(preferenceId);
        assertThat(SandboxHttp.query(location, "site_id")).isEqualTo("MLB");
        assertThat(SandboxHttp.query(location, "processing_mode")).isEqualTo("aggregator");
        assertThat(SandboxHttp.query(location, "merchant_account_id")).isEqualTo("null");

        Response payment = http.get("/v1/payments/" + paymentId, seller.accessToken());
        assertThat(payment.status()).as(payment.body()).isEqualTo(200);
        JsonNode body = payment.json();
        assertThat(body.get("status").asText()).isEqualTo("approved");
        assertThat(body.get("collector_id").asLong()).isEqualTo(seller.userId());
        assertThat(body.get("transaction_amount").decimalValue()).isEqualByComparingTo("100");
        assertThat(body.get("installments").asInt()).isEqualTo(1);
        assertThat(body.get("payment_method_id").asText()).isEqualTo("master");
        assertThat(body.get("external_reference").asText()).isEqualTo("order-42");
        assertThat(body.get("description").asText()).isEqualTo("Camiseta");
        assertThat(body.get("binary_mode").asBoolean()).isTrue();
        assertThat(body.get("notification_url").asText()).isEqualTo("https://shop.test/webhooks/mp");
        assertThat(body.get("metadata").get("preference_id").asText()).isEqualTo(preferenceId);
        assertThat(body.get("payer").get("email").asText()).isEqualTo("test_user_buyer_one@testuser.com");
        assertThat(applicationFee(body)).isEqualByComparingTo("10");
    }

    @Test
    void aPreferenceOfTheSellersOwnTokenPaysNoApplicationFee() {
        ObjectNode request = minimal().put("auto_return", "approved");
        backUrls(request);
        JsonNode preference = create(sellerOwnToken, request);

        Response paid = http.postForm("/checkout/v1/pay", card(preference.get("id").asText(), "APRO"));

        assertThat(paid.status()).as(paid.body()).isEqualTo(302);
        JsonNode payment = http.get("/v1/payments/" + SandboxHttp.query(paid.header("Location"), "payment_id"),
                sellerOwnToken).json();
        assertThat(payment.get("status").asText()).isEqualTo("approved");
        assertThat(applicationFee(payment)).isNull();
        assertThat(SandboxHttp.query(paid.header("Location"), "external_reference")).isEqualTo("null");
    }

    @Test
    void theShippingCostIsPaidOnTopOfTheItems() {
        ObjectNode request = minimal().put("auto_return", "approved");
        request.putObject("shipments").put("mode", "custom").put("cost", new BigDecimal("15.50"));
        backUrls(request);
        JsonNode preference = create(seller.accessToken(), request);

        Response paid = http.postForm("/checkout/v1/pay", card(preference.get("id").asText(), "APRO"));

        JsonNode payment = http.get("/v1/payments/" + SandboxHttp.query(paid.header("Location"), "payment_id"),
                seller.accessToken()).json();
        assertThat(payment.get("transaction_amount").decimalValue()).isEqualByComparingTo("115.50");
    }

    @Test
    void aRejectedPaymentWithAutoReturnApprovedShowsTheResultWithALinkToFailure() {
        ObjectNode request = minimal().put("auto_return", "approved").put("external_reference", "order-7");
        backUrls(request);
        JsonNode preference = create(seller.accessToken(), request);

        Response paid = http.postForm("/checkout/v1/pay", card(preference.get("id").asText(), "OTHE"));

        assertThat(paid.status()).as(paid.body()).isEqualTo(200);
        assertThat(paid.body()).contains("<strong id=\"status\">rejected</strong>")
                .contains("cc_rejected_other_reason");
        String link = link(paid.body());
        assertThat(link).startsWith(FAILURE + "?");
        assertThat(SandboxHttp.query(link, "status")).isEqualTo("rejected");
        assertThat(SandboxHttp.query(link, "external_reference")).isEqualTo("order-7");
        assertThat(SandboxHttp.query(link, "preference_id")).isEqualTo(preference.get("id").asText());
    }

    @Test
    void autoReturnAllReturnsRejectedPaymentsToFailureAndPendingOnesToPending() {
        ObjectNode request = minimal().put("auto_return", "all");
        backUrls(request);
        String preferenceId = create(seller.accessToken(), request).get("id").asText();

        Response rejected = http.postForm("/checkout/v1/pay", card(preferenceId, "FUND"));
        Response pending = http.postForm("/checkout/v1/pay", card(preferenceId, "CONT"));

        assertThat(rejected.status()).as(rejected.body()).isEqualTo(302);
        assertThat(rejected.header("Location")).startsWith(FAILURE + "?");
        assertThat(SandboxHttp.query(rejected.header("Location"), "collection_status")).isEqualTo("rejected");
        assertThat(pending.status()).as(pending.body()).isEqualTo(302);
        assertThat(pending.header("Location")).startsWith(PENDING + "?");
        assertThat(SandboxHttp.query(pending.header("Location"), "status")).isEqualTo("in_process");
    }

    @Test
    void withoutAutoReturnTheResultPageLinksBackToTheSite() {
        ObjectNode request = minimal();
        backUrls(request);
        JsonNode preference = create(seller.accessToken(), request);

        Response paid = http.postForm("/checkout/v1/pay", card(preference.get("id").asText(), "APRO"));

        assertThat(paid.status()).as(paid.body()).isEqualTo(200);
        assertThat(paid.body()).contains("<strong id=\"status\">approved</strong>");
        String link = link(paid.body());
        assertThat(link).startsWith(SUCCESS + "?");
        assertThat(SandboxHttp.query(link, "payment_id")).isEqualTo(paymentIdOnPage(paid.body()));
    }

    @Test
    void anInvalidCardShowsTheFormAgainAndPaysNothing() {
        String preferenceId = create(seller.accessToken(), minimal().put("external_reference", "bad-card"))
                .get("id").asText();
        Map<String, String> badNumber = card(preferenceId, "APRO");
        badNumber.put("card_number", "5031 4332 1540 6352");
        Map<String, String> expired = card(preferenceId, "APRO");
        expired.put("expiration", "01/20");
        Map<String, String> shortCvv = card(preferenceId, "APRO");
        shortCvv.put("security_code", "12");
        Map<String, String> noEmail = card(preferenceId, "APRO");
        noEmail.put("email", "nobody");

        for (Map<String, String> form : List.of(badNumber, expired, shortCvv, noEmail)) {
            Response page = http.postForm("/checkout/v1/pay", form);
            assertThat(page.status()).as(form.toString()).isEqualTo(400);
            assertThat(page.body()).contains("id=\"error\"").contains("id=\"card_number\"");
            // The card number and the security code are never shown back.
            String cardInput = page.body().substring(page.body().indexOf("id=\"card_number\""));
            assertThat(cardInput.substring(0, cardInput.indexOf('>'))).doesNotContain("value");
            String cvvInput = page.body().substring(page.body().indexOf("id=\"security_code\""));
            assertThat(cvvInput.substring(0, cvvInput.indexOf('>'))).doesNotContain("value");
            assertThat(page.body()).doesNotContain("1540 6352").doesNotContain("5031433215406352");
        }
        assertThat(paymentsWithReference("bad-card")).isZero();
    }

    @Test
    void aPaymentTypeTheSellerExcludedIsRefusedOnThePage() {
        ObjectNode request = minimal().put("external_reference", "no-credit");
        request.putObject("payment_methods").putArray("excluded_payment_types").addObject().put("id",
                "credit_card");
        String preferenceId = create(seller.accessToken(), request).get("id").asText();

        Response page = http.postForm("/checkout/v1/pay", card(preferenceId, "APRO"));

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"error\"").contains("does not accept");
        assertThat(paymentsWithReference("no-credit")).isZero();
    }

    private JsonNode create(String token, ObjectNode request) {
        Response created = http.post("/checkout/preferences", token, request);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private static void backUrls(ObjectNode request) {
        request.putObject("back_urls").put("success", SUCCESS).put("pending", PENDING).put("failure", FAILURE);
    }

    /** The form as a buyer fills it in with the published Brazilian Mastercard test card. */
    private static Map<String, String> card(String preferenceId, String cardholderName) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("pref_id", preferenceId);
        form.put("card_number", "5031 4332 1540 6351");
        form.put("expiration", "11/30");
        form.put("security_code", "123");
        form.put("cardholder_name", cardholderName);
        form.put("email", "test_user_buyer_one@testuser.com");
        return form;
    }

    private String path(String url) {
        assertThat(url).startsWith(sandbox.url());
        URI uri = URI.create(url);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private static String link(String html) {
        int start = html.indexOf("id=\"back\" href=\"");
        assertThat(start).as("a link back on: " + html).isNotNegative();
        int from = start + "id=\"back\" href=\"".length();
        return html.substring(from, html.indexOf('"', from)).replace("&amp;", "&");
    }

    private static String paymentIdOnPage(String html) {
        int start = html.indexOf("id=\"payment_id\">") + "id=\"payment_id\">".length();
        return html.substring(start, html.indexOf('<', start));
    }

    private static BigDecimal applicationFee(JsonNode payment) {
        for (JsonNode fee : payment.get("fee_details")) {
            if (fee.get("type").asText().equals("application_fee")) {
                assertThat(fee.get("fee_payer").asText()).isEqualTo("collector");
                return fee.get("amount").decimalValue();
            }
        }
        return null;
    }

    private int paymentsWithReference(String externalReference) {
        Response search = http.get("/v1/payments/search?external_reference=" + externalReference,
                seller.accessToken());
        assertThat(search.status()).as(search.body()).isEqualTo(200);
        return search.json().get("results").size();
    }
}
