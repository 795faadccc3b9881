package dev.mpmarketplace.sandbox.mercadopago.preferences;

import static dev.mpmarketplace.sandbox.mercadopago.preferences.PreferenceFixtures.assertPreferenceShape;
import static dev.mpmarketplace.sandbox.mercadopago.preferences.PreferenceFixtures.assertRejected;
import static dev.mpmarketplace.sandbox.mercadopago.preferences.PreferenceFixtures.assertSummaryShape;
import static dev.mpmarketplace.sandbox.mercadopago.preferences.PreferenceFixtures.item;
import static dev.mpmarketplace.sandbox.mercadopago.preferences.PreferenceFixtures.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;

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

/** Checkout Pro preferences (reference section 3, seed 004): create, get, update, search, through HTTP. */
class PreferencesApiTest {

    private MercadoPagoSandbox sandbox;
    private SandboxHttp http;
    private String sellerOne;
    private long sellerOneId;
    private String sellerTwo;

    @BeforeEach
    void start() {
        sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults());
        http = new SandboxHttp(sandbox.url());
        JsonNode one = http.user("SELLER_ONE");
        sellerOne = one.get("access_token").asText();
        sellerOneId = one.get("id").asLong();
        sellerTwo = http.user("SELLER_TWO").get("access_token").asText();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void creatingAPreferenceAnswers201WithEveryFieldEchoedAndTheDocumentedAdditions() throws Exception {
        ObjectNode request = everyField();
        // As the wire carries it, so numbers compare as the test client reads them.
        JsonNode sent = SandboxHttp.JSON.readTree(request.toString());

        Response created = http.post("/checkout/preferences", sellerOne, request);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode preference = created.json();
        assertPreferenceShape(preference);
        String id = preference.get("id").asText();
        assertThat(id).matches(sellerOneId + "-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(preference.get("init_point").asText())
                .isEqualTo(sandbox.url() + "/checkout/v1/redirect?pref_id=" + id);
        assertThat(preference.get("sandbox_init_point").asText()).isEqualTo(preference.get("init_point").asText());
        assertThat(preference.get("collector_id").asLong()).isEqualTo(sellerOneId);
        assertThat(preference.get("client_id").asText()).isEqualTo(String.valueOf(sellerOneId));
        assertThat(preference.get("site_id").asText()).isEqualTo("MLB");
        assertThat(preference.get("date_created").asText())
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}-04:00");
        assertThat(preference.get("last_updated").isNull()).isTrue();
        assertThat(preference.get("total_amount").decimalValue()).isEqualByComparingTo("130.50");
        assertThat(preference.get("marketplace").asText()).isEqualTo("NONE");
        assertThat(preference.get("marketplace_fee").decimalValue()).isEqualByComparingTo("0");
        // Every request field comes back as sent.
        assertThat(preference.get("items")).isEqualTo(sent.get("items"));
        assertThat(preference.get("payer").get("email").asText()).isEqualTo("buyer@shop.test");
        assertThat(preference.get("payer").get("phone")).isEqualTo(sent.get("payer").get("phone"));
        assertThat(preference.get("payer").get("identification")).isEqualTo(sent.get("payer").get("identification"));
        assertThat(preference.get("payer").get("address")).isEqualTo(sent.get("payer").get("address"));
        assertThat(preference.get("payment_methods").get("excluded_payment_types"))
                .isEqualTo(sent.get("payment_methods").get("excluded_payment_types"));
        assertThat(preference.get("payment_methods").get("installments").asInt()).isEqualTo(6);
        assertThat(preference.get("shipments").get("mode").asText()).isEqualTo("custom");
        assertThat(preference.get("shipments").get("cost").decimalValue()).isEqualByComparingTo("15");
        assertThat(preference.get("back_urls")).isEqualTo(sent.get("back_urls"));
        for (String field : new String[]{"auto_return", "notification_url", "external_reference",
                "statement_descriptor", "additional_info", "operation_type", "purpose"}) {
            assertThat(preference.get(field)).as(field).isEqualTo(sent.get(field));
        }
        assertThat(preference.get("binary_mode").asBoolean()).isTrue();
        assertThat(preference.get("expires").asBoolean()).isTrue();
        assertThat(preference.get("expiration_date_from").asText()).isEqualTo("2030-01-01T00:00:00.000-03:00");
        assertThat(preference.get("expiration_date_to").asText()).isEqualTo("2030-01-31T23:59:59.000-03:00");
        assertThat(preference.get("date_of_expiration").asText()).isEqualTo("2030-02-10T10:00:00.000-03:00");
        assertThat(preference.get("metadata")).isEqualTo(sent.get("metadata"));
        assertThat(preference.get("tracks")).isEqualTo(sent.get("tracks"));
        assertThat(preference.get("differential_pricing")).isEqualTo(sent.get("differential_pricing"));
        assertThat(preference.get("processing_modes")).isEqualTo(sent.get("processing_modes"));
    }

    @Test
    void aMinimalPreferenceGetsMercadoPagosDefaults() {
        JsonNode preference = http.post("/checkout/preferences", sellerOne, minimal()).json();

        assertPreferenceShape(preference);
        JsonNode item = preference.get("items").get(0);
        assertThat(item.get("id").asText()).isEmpty();
        assertThat(item.get("description").asText()).isEmpty();
        assertThat(item.get("currency_id").asText()).isEqualTo("BRL");
        assertThat(preference.get("back_urls").get("success").asText()).isEmpty();
        assertThat(preference.get("auto_return").asText()).isEmpty();
        assertThat(preference.get("external_reference").asText()).isEmpty();
        assertThat(preference.get("notification_url").isNull()).isTrue();
        assertThat(preference.get("binary_mode").asBoolean()).isFalse();
        assertThat(preference.get("expires").asBoolean()).isFalse();
        assertThat(preference.get("operation_type").asText()).isEqualTo("regular_payment");
        assertThat(preference.get("payment_methods").get("excluded_payment_methods").get(0).get("id").asText())
                .isEmpty();
        assertThat(preference.get("metadata").isObject()).isTrue();
        assertThat(preference.get("total_amount").decimalValue()).isEqualByComparingTo("100");
    }

    @Test
    void aPreferenceMadeThroughOAuthBelongsToTheSellerAndCarriesTheMarketplaceAndItsFee() {
        SandboxHttp.Grant grant = http.linkSeller("SELLER_ONE");
        String clientId = http.marketplaceApplication().get("client_id").asText();

        JsonNode preference = http.post("/checkout/preferences", grant.accessToken(),
                minimal().put("marketplace_fee", 12.5)).json();

        assertThat(preference.get("collector_id").asLong()).isEqualTo(sellerOneId);
        assertThat(preference.get("client_id").asText()).isEqualTo(clientId);
        assertThat(preference.get("marketplace").asText()).isEqualTo("MP-MKT-" + clientId);
        assertThat(preference.get("marketplace_fee").decimalValue()).isEqualByComparingTo("12.5");
        // The seller's own token sees it too: it is the seller's preference.
        assertThat(http.get("/checkout/preferences/" + preference.get("id").asText(), sellerOne).status())
                .isEqualTo(200);
    }

    @Test
    void theMarketplaceGivenIsKept() {
        JsonNode preference = http.post("/checkout/preferences", sellerOne, minimal().put("marketplace", "MY-MKT"))
                .json();
        assertThat(preference.get("marketplace").asText()).isEqualTo("MY-MKT");
    }

    @Test
    void aPreferenceCanBeReadBackAsCreated() {
        JsonNode created = http.post("/checkout/preferences", sellerOne, everyField()).json();

        Response read = http.get("/checkout/preferences/" + created.get("id").asText(), sellerOne);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(created);
    }

    @Test
    void anUpdateReplacesOnlyTheFieldsItSends() {
        JsonNode created = http.post("/checkout/preferences", sellerOne, everyField()).json();
        String path = "/checkout/preferences/" + created.get("id").asText();
        http.post("/sandbox/clock", null, SandboxHttp.object().put("advance", Duration.ofMinutes(5).toString()));

        Response updated = http.put(path, sellerOne, SandboxHttp.object().put("external_reference", "order-2"));

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        JsonNode preference = updated.json();
        assertPreferenceShape(preference);
        assertThat(preference.get("external_reference").asText()).isEqualTo("order-2");
        assertThat(preference.get("items")).isEqualTo(created.get("items"));
        assertThat(preference.get("payer")).isEqualTo(created.get("payer"));
        assertThat(preference.get("id")).isEqualTo(created.get("id"));
        assertThat(preference.get("date_created")).isEqualTo(created.get("date_created"));
        assertThat(OffsetDateTime.parse(preference.get("last_updated").asText()))
                .isAfter(OffsetDateTime.parse(created.get("date_created").asText()));
        assertThat(http.get(path, sellerOne).json()).isEqualTo(preference);
    }

    @Test
    void anUpdateOfTheItemsRecomputesTheTotal() {
        JsonNode created = http.post("/checkout/preferences", sellerOne, minimal()).json();
        ObjectNode changes = SandboxHttp.object();
        changes.putArray("items").add(item("Boné", 3, "20.10"));

        JsonNode updated = http.put("/checkout/preferences/" + created.get("id").asText(), sellerOne, changes).json();

        assertThat(updated.get("total_amount").decimalValue()).isEqualByComparingTo("60.30");
        assertThat(updated.get("items").get(0).get("title").asText()).isEqualTo("Boné");
    }

    @Test
    void aPreferenceAsGetReturnsItCanBeSentBackToUpdate() {
        JsonNode created = http.post("/checkout/preferences", sellerOne, minimal()).json();
        ObjectNode full = created.deepCopy();
        full.put("external_reference", "round-trip");

        Response updated = http.put("/checkout/preferences/" + created.get("id").asText(), sellerOne, full);

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("external_reference").asText()).isEqualTo("round-trip");
        assertThat(updated.json().get("total_amount")).isEqualTo(created.get("total_amount"));
    }

    @Test
    void searchFindsTheCollectorsPreferencesByExternalReferenceAndPages() {
        for (int i = 0; i < 3; i++) {
            http.post("/checkout/preferences", sellerOne, minimal().put("external_reference", "batch-a"));
        }
        String other = http.post("/checkout/preferences", sellerOne, minimal().put("external_reference", "batch-b"))
                .json().get("id").asText();
        http.post("/checkout/preferences", sellerTwo, minimal().put("external_reference", "batch-a"));

        JsonNode all = http.get("/checkout/preferences/search", sellerOne).json();
        assertThat(all.get("total").asInt()).isEqualTo(4);
        assertThat(all.get("elements")).hasSize(4);
        assertThat(all.get("next_offset").asInt()).isEqualTo(4);
        all.get("elements").forEach(PreferenceFixtures::assertSummaryShape);

        JsonNode firstPage = http.get("/checkout/preferences/search?external_reference=batch-a&limit=2", sellerOne)
                .json();
        assertThat(firstPage.get("total").asInt()).isEqualTo(3);
        assertThat(firstPage.get("elements")).hasSize(2);
        assertThat(firstPage.get("next_offset").asInt()).isEqualTo(2);
        JsonNode secondPage = http.get(
                "/checkout/preferences/search?external_reference=batch-a&limit=2&offset=2", sellerOne).json();
        assertThat(secondPage.get("elements")).hasSize(1);
        assertThat(secondPage.get("next_offset").asInt()).isEqualTo(3);
        for (JsonNode element : firstPage.get("elements")) {
            assertSummaryShape(element);
            assertThat(element.get("external_reference").asText()).isEqualTo("batch-a");
            assertThat(element.get("collector_id").asLong()).isEqualTo(sellerOneId);
            assertThat(element.get("items").get(0).asText()).isEqualTo("Camiseta");
            assertThat(element.get("id").asText()).isNotEqualTo(other);
        }
    }

    @Test
    void searchRejectsALimitOrOffsetThatIsNotANumberInRange() {
        assertRejected(http.get("/checkout/preferences/search?limit=abc", sellerOne), "bad_request",
                "limit invalid. Should be a number between 1 and 100.");
        assertRejected(http.get("/checkout/preferences/search?offset=-1", sellerOne), "bad_request",
                "offset invalid. Should be a number between 0 and 2147483647.");
    }

    @Test
    void preferencesAreScopedToTheirCollector() {
        String id = http.post("/checkout/preferences", sellerOne, minimal()).json().get("id").asText();

        assertThat(http.get("/checkout/preferences/search", sellerTwo).json().get("total").asInt()).isZero();
        assertRejected(http.get("/checkout/preferences/" + id, sellerTwo), "invalid_id", "preference_id not found.");
    }

    @Test
    void preferencesSurviveARestartOfAPersistentSandbox(@TempDir Path dataDir) throws Exception {
        sandbox.close();
        sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults().withDataDir(dataDir));
        http = new SandboxHttp(sandbox.url());
        String token = http.user("SELLER_ONE").get("access_token").asText();
        JsonNode created = http.post("/checkout/preferences", token, everyField().put("sponsor_id",
                String.valueOf(http.user("MARKETPLACE").get("id").asLong()))).json();
        String id = created.get("id").asText();
        sandbox.close();

        sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults().withDataDir(dataDir));
        http = new SandboxHttp(sandbox.url());

        JsonNode read = http.get("/checkout/preferences/" + id, token).json();
        assertThat(read.get("items")).isEqualTo(created.get("items"));
        assertThat(read.get("payer")).isEqualTo(created.get("payer"));
        assertThat(read.get("sponsor_id").isIntegralNumber()).isTrue();
        assertThat(read.get("total_amount")).isEqualTo(created.get("total_amount"));
        assertThat(read.get("date_created")).isEqualTo(created.get("date_created"));
        assertThat(read.get("init_point").asText()).startsWith(sandbox.url());
    }

    /** A request with every field of reference section 3. */
    private static ObjectNode everyField() {
        ObjectNode request = SandboxHttp.object();
        request.putArray("items")
                .add(item("Camiseta", 2, "50.00").put("id", "SKU-1").put("description", "Algodão")
                        .put("picture_url", "https://shop.test/camiseta.png").put("category_id", "fashion")
                        .put("currency_id", "BRL"))
                .add(item("Meia", 1, "30.50").put("id", "SKU-2").put("description", "Par")
                        .put("picture_url", "https://shop.test/meia.png").put("category_id", "fashion")
                        .put("currency_id", "BRL"));
        ObjectNode payer = request.putObject("payer").put("name", "João").put("surname", "Silva")
                .put("email", "buyer@shop.test");
        payer.putObject("phone").put("area_code", "11").put("number", "988888888");
        payer.putObject("identification").put("type", "CPF").put("number", "19119119100");
        payer.putObject("address").put("zip_code", "06233200").put("street_name", "Rua A").put("street_number", 123);
        ObjectNode methods = request.putObject("payment_methods");
        methods.putArray("excluded_payment_methods").addObject().put("id", "amex");
        methods.putArray("excluded_payment_types").addObject().put("id", "ticket");
        methods.put("default_payment_method_id", "master").put("installments", 6).put("default_installments", 1);
        ObjectNode shipments = request.putObject("shipments").put("mode", "custom").put("local_pickup", false)
                .put("cost", new BigDecimal("15")).put("free_shipping", false);
        shipments.putObject("receiver_address").put("zip_code", "06000000").put("street_name", "Rua B")
                .put("street_number", 10).put("floor", "2").put("apartment", "21");
        request.putObject("back_urls").put("success", "https://shop.test/success")
                .put("pending", "https://shop.test/pending").put("failure", "https://shop.test/failure");
        request.put("auto_return", "approved");
        request.put("notification_url", "https://shop.test/webhooks");
        request.put("external_reference", "order-1");
        request.put("expires", true);
        request.put("expiration_date_from", "2030-01-01T00:00:00-03:00");
        request.put("expiration_date_to", "2030-01-31T23:59:59.000-03:00");
        request.put("date_of_expiration", "2030-02-10T10:00:00.000-03:00");
        request.put("binary_mode", true);
        request.put("statement_descriptor", "SHOPTEST");
        request.put("additional_info", "Discount: 12.00");
        request.put("operation_type", "regular_payment");
        request.put("purpose", "wallet_purchase");
        request.putObject("metadata").put("order", "order-1").put("channel", "web");
        request.putObject("differential_pricing").put("id", 1);
        request.putArray("tracks").addObject().put("type", "google_ad").putObject("values").put("conversion_id",
                "123");
        request.putArray("processing_modes").add("aggregator");
        return request;
    }
}
