package dev.mpmarketplace.sandbox.mercadopago.customers;

import static dev.mpmarketplace.sandbox.mercadopago.customers.CustomerShapes.assertCustomerShape;
import static dev.mpmarketplace.sandbox.mercadopago.customers.CustomerShapes.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/** Customers (reference section 4, seed 003), through HTTP. */
class CustomersApiTest {

    private MercadoPagoSandbox sandbox;
    private SandboxHttp http;
    private String sellerOne;
    private String sellerTwo;

    @BeforeEach
    void start() {
        sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults());
        http = new SandboxHttp(sandbox.url());
        sellerOne = http.user("SELLER_ONE").get("access_token").asText();
        sellerTwo = http.user("SELLER_TWO").get("access_token").asText();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void creatingACustomerAnswers201WithEveryDocumentedField() {
        ObjectNode request = SandboxHttp.object().put("email", "jhon@doe.com").put("first_name", "Jhon")
                .put("last_name", "Doe").put("description", "a good customer")
                .put("date_registered", "2021-10-20T11:37:30.000-04:00");
        request.putObject("phone").put("area_code", "55").put("number", "991234567");
        request.putObject("identification").put("type", "CPF").put("number", "12345678909");
        request.putObject("metadata").put("source", "web");

        Response created = http.post("/v1/customers", sellerOne, request);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode customer = created.json();
        assertCustomerShape(customer);
        assertThat(customer.get("email").asText()).isEqualTo("jhon@doe.com");
        assertThat(customer.get("first_name").asText()).isEqualTo("Jhon");
        assertThat(customer.get("phone").get("number").asText()).isEqualTo("991234567");
        assertThat(customer.get("identification").get("type").asText()).isEqualTo("CPF");
        assertThat(customer.get("date_registered").asText()).isEqualTo("2021-10-20T11:37:30.000-04:00");
        assertThat(customer.get("metadata").get("source").asText()).isEqualTo("web");
        assertThat(customer.get("default_card").isNull()).isTrue();
        assertThat(customer.get("default_address").isNull()).isTrue();
        assertThat(customer.get("cards")).isEmpty();
        assertThat(customer.get("addresses")).isEmpty();
        assertThat(customer.get("address").get("id").isNull()).isTrue();
        assertThat(http.get("/v1/customers/" + customer.get("id").asText(), sellerOne).json()).isEqualTo(customer);
    }

    @Test
    void theEmailIsRequiredAndMustBeValid() {
        assertError(http.post("/v1/customers", sellerOne, SandboxHttp.object().put("first_name", "No Mail")), 400,
                "106");
        assertError(http.post("/v1/customers", sellerOne, SandboxHttp.object().put("email", "not-an-email")), 400,
                "106");
        assertError(http.post("/v1/customers", sellerOne, SandboxHttp.object().put("email", 42)), 400, "106");
        assertThat(searchAll(sellerOne).get("paging").get("total").asInt()).isZero();
    }

    @Test
    void aSecondCustomerWithTheSameEmailForTheSameSellerIs101() {
        create(sellerOne, "repeat@buyer.com");

        Response again = http.post("/v1/customers", sellerOne, SandboxHttp.object().put("email", "Repeat@Buyer.com"));

        assertError(again, 400, "101");
        assertThat(again.json().get("message").asText()).startsWith("the customer already exist");
        assertThat(searchAll(sellerOne).get("paging").get("total").asInt()).isEqualTo(1);
    }

    @Test
    void anotherSellerMayHaveACustomerWithTheSameEmail() {
        JsonNode mine = create(sellerOne, "shared@buyer.com");

        Response theirs = http.post("/v1/customers", sellerTwo, SandboxHttp.object().put("email", "shared@buyer.com"));

        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.json().get("id").asText()).isNotEqualTo(mine.get("id").asText());
        // The numeric prefix is the payer's own id, the same person for both sellers.
        assertThat(theirs.json().get("id").asText().split("-")[0]).isEqualTo(mine.get("id").asText().split("-")[0]);
    }

    static Stream<Arguments> invalidCustomerFields() {
        return Stream.of(
                Arguments.of("first_name is not text", "{\"email\":\"a@b.com\",\"first_name\":7}", "107"),
                Arguments.of("last_name is not text", "{\"email\":\"a@b.com\",\"last_name\":[\"x\"]}", "108"),
                Arguments.of("phone is not an object", "{\"email\":\"a@b.com\",\"phone\":\"5511\"}", "103"),
                Arguments.of("phone.area_code has letters", "{\"email\":\"a@b.com\",\"phone\":{\"area_code\":\"ab\"}}",
                        "109"),
                Arguments.of("phone.number has letters", "{\"email\":\"a@b.com\",\"phone\":{\"number\":\"call me\"}}",
                        "110"),
                Arguments.of("identification.type is not text",
                        "{\"email\":\"a@b.com\",\"identification\":{\"type\":1,\"number\":\"1\"}}", "111"),
                Arguments.of("a CPF without 11 digits",
                        "{\"email\":\"a@b.com\",\"identification\":{\"type\":\"CPF\",\"number\":\"123\"}}", "112"),
                Arguments.of("address.zip_code is an object",
                        "{\"email\":\"a@b.com\",\"address\":{\"zip_code\":{}}}", "113"),
                Arguments.of("address.street_name is a number",
                        "{\"email\":\"a@b.com\",\"address\":{\"street_name\":12}}", "114"),
                Arguments.of("date_registered is not a date",
                        "{\"email\":\"a@b.com\",\"date_registered\":\"yesterday\"}", "115"),
                Arguments.of("description is not text", "{\"email\":\"a@b.com\",\"description\":true}", "116"),
                Arguments.of("metadata is not an object", "{\"email\":\"a@b.com\",\"metadata\":[1,2]}", "117"),
                Arguments.of("the body is not JSON", "{\"email\":", "118"),
                Arguments.of("the body is an array", "[{\"email\":\"a@b.com\"}]", "118"),
                Arguments.of("a field is too long", "{\"email\":\"a@b.com\",\"first_name\":\"" + "x".repeat(300)
                        + "\"}", "104"));
    }

    @ParameterizedTest(name = "{0} is {2}")
    @MethodSource("invalidCustomerFields")
    void eachInvalidFieldGetsItsDocumentedCodeAndNothingIsCreated(String rule, String body, String code) {
        Response response = http.send("POST", "/v1/customers", sellerOne, "application/json", body);

        assertError(response, 400, code);
        assertThat(response.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(searchAll(sellerOne).get("paging").get("total").asInt()).isZero();
    }

    @Test
    void anAddressBecomesTheCustomersDefaultAddress() {
        ObjectNode request = SandboxHttp.object().put("email", "home@buyer.com");
        request.putObject("address").put("zip_code", "01234567").put("street_name", "Rua Exemplo")
                .put("street_number", 123);

        JsonNode customer = http.post("/v1/customers", sellerOne, request).json();

        String addressId = customer.get("address").get("id").asText();
        assertThat(addressId).isNotBlank();
        assertThat(customer.get("default_address").asText()).isEqualTo(addressId);
        assertThat(customer.get("address").get("street_name").asText()).isEqualTo("Rua Exemplo");
        assertThat(customer.get("address").get("street_number").asInt()).isEqualTo(123);
        assertThat(customer.get("addresses")).hasSize(1);
        assertThat(customer.get("addresses").get(0).get("id").asText()).isEqualTo(addressId);
        assertThat(customer.get("addresses").get(0).get("zip_code").asText()).isEqualTo("01234567");
    }

    @Test
    void searchByEmailAnswersPagingAndResults() {
        JsonNode customer = create(sellerOne, "found@buyer.com");
        create(sellerOne, "other@buyer.com");

        Response search = http.get("/v1/customers/search?email=found@buyer.com", sellerOne);

        assertThat(search.status()).isEqualTo(200);
        JsonNode page = search.json();
        assertThat(page.fieldNames()).toIterable().containsExactly("paging", "results");
        assertThat(page.get("paging").fieldNames()).toIterable().containsExactlyInAnyOrder("limit", "offset",
                "total");
        assertThat(page.get("paging").get("limit").asInt()).isEqualTo(10);
        assertThat(page.get("paging").get("offset").asInt()).isZero();
        assertThat(page.get("paging").get("total").asInt()).isEqualTo(1);
        assertThat(page.get("results")).hasSize(1);
        assertCustomerShape(page.get("results").get(0));
        assertThat(page.get("results").get(0)).isEqualTo(customer);
    }

    @Test
    void searchFiltersByNameAndPagesWithLimitAndOffset() {
        for (int i = 0; i < 5; i++) {
            http.post("/v1/customers", sellerOne, SandboxHttp.object().put("email", "c" + i + "@buyer.com")
                    .put("first_name", i % 2 == 0 ? "Ana" : "Bia"));
        }

        JsonNode anas = http.get("/v1/customers/search?first_name=ana", sellerOne).json();
        JsonNode page = http.get("/v1/customers/search?limit=2&offset=1", sellerOne).json();

        assertThat(anas.get("paging").get("total").asInt()).isEqualTo(3);
        assertThat(page.get("paging").get("total").asInt()).isEqualTo(5);
        assertThat(page.get("paging").get("limit").asInt()).isEqualTo(2);
        assertThat(page.get("paging").get("offset").asInt()).isEqualTo(1);
        assertThat(page.get("results")).extracting(c -> c.get("email").asText())
                .containsExactly("c1@buyer.com", "c2@buyer.com");
    }

    @Test
    void searchSortsByACustomerAttributeAndRejectsOtherSorts() {
        create(sellerOne, "b@buyer.com");
        create(sellerOne, "a@buyer.com");

        JsonNode sorted = http.get("/v1/customers/search?sort=email&criteria=desc", sellerOne).json();

        assertThat(sorted.get("results")).extracting(c -> c.get("email").asText())
                .containsExactly("b@buyer.com", "a@buyer.com");
        assertError(http.get("/v1/customers/search?sort=password", sellerOne), 400, "206");
        assertError(http.get("/v1/customers/search?sort=email&criteria=up", sellerOne), 400, "207");
        assertError(http.get("/v1/customers/search?limit=many", sellerOne), 400, "205");
    }

    @Test
    void aSellerSeesOnlyItsOwnCustomers() {
        String id = create(sellerOne, "private@buyer.com").get("id").asText();

        assertThat(http.get("/v1/customers/search?email=private@buyer.com", sellerTwo).json().get("paging")
                .get("total").asInt()).isZero();
        assertError(http.get("/v1/customers/" + id, sellerTwo), 404, null);
        assertError(http.put("/v1/customers/" + id, sellerTwo, SandboxHttp.object().put("first_name", "X")), 404,
                null);
        assertError(http.send("DELETE", "/v1/customers/" + id, sellerTwo, null, null), 404, null);
        assertError(http.get("/v1/customers/" + id + "/cards", sellerTwo), 404, null);
        assertThat(http.get("/v1/customers/" + id, sellerOne).json().get("first_name").isNull()).isTrue();
    }

    @Test
    void aSellersOAuthTokenSeesTheCustomersOfItsOwnToken() {
        String id = create(sellerOne, "linked@buyer.com").get("id").asText();
        String oauthToken = http.linkSeller("SELLER_ONE").accessToken();

        assertThat(http.get("/v1/customers/" + id, oauthToken).status()).isEqualTo(200);
        assertThat(http.get("/v1/customers/search?email=linked@buyer.com", oauthToken).json().get("paging")
                .get("total").asInt()).isEqualTo(1);
        assertError(http.get("/v1/customers/" + id, http.linkSeller("SELLER_TWO").accessToken()), 404, null);
    }

    @Test
    void anUnknownCustomerIs404AndAMalformedIdIs105() {
        assertError(http.get("/v1/customers/123456789-AAAAAAAAAAAAAA", sellerOne), 404, null);
        assertThat(http.get("/v1/customers/123456789-AAAAAAAAAAAAAA", sellerOne).json().get("error").asText())
                .isEqualTo("not_found");
        assertError(http.get("/v1/customers/not_an_id", sellerOne), 400, "105");
    }

    @Test
    void updatingChangesOnlyTheFieldsSent() {
        ObjectNode request = SandboxHttp.object().put("email", "change@buyer.com").put("first_name", "Old")
                .put("last_name", "Name");
        request.putObject("phone").put("area_code", "11").put("number", "99999999");
        JsonNode created = http.post("/v1/customers", sellerOne, request).json();
        String id = created.get("id").asText();
        ObjectNode change = SandboxHttp.object().put("first_name", "New");
        change.putObject("phone").put("number", "88888888");

        Response updated = http.put("/v1/customers/" + id, sellerOne, change);

        assertThat(updated.status()).isEqualTo(200);
        assertCustomerShape(updated.json());
        assertThat(updated.json().get("first_name").asText()).isEqualTo("New");
        assertThat(updated.json().get("last_name").asText()).isEqualTo("Name");
        assertThat(updated.json().get("phone").get("area_code").asText()).isEqualTo("11");
        assertThat(updated.json().get("phone").get("number").asText()).isEqualTo("88888888");
        assertThat(updated.json().get("date_created")).isEqualTo(created.get("date_created"));
        assertThat(http.get("/v1/customers/" + id, sellerOne).json()).isEqualTo(updated.json());
    }

    @Test
    void theEmailCannotBeChangedOnUpdate() {
        JsonNode created = create(sellerOne, "fixed@buyer.com");
        String id = created.get("id").asText();

        Response changed = http.put("/v1/customers/" + id, sellerOne,
                SandboxHttp.object().put("email", "other@buyer.com").put("first_name", "Sneaky"));

        assertError(changed, 400, "126");
        assertThat(http.get("/v1/customers/" + id, sellerOne).json()).isEqualTo(created);
        assertThat(http.put("/v1/customers/" + id, sellerOne, SandboxHttp.object().put("email", "fixed@buyer.com"))
                .status()).isEqualTo(200);
    }

    @Test
    void anInvalidUpdateLeavesTheCustomerUnchanged() {
        JsonNode created = create(sellerOne, "stable@buyer.com");
        String id = created.get("id").asText();

        assertError(http.send("PUT", "/v1/customers/" + id, sellerOne, "application/json",
                "{\"first_name\":\"Fine\",\"metadata\":\"nope\"}"), 400, "117");
        assertError(http.put("/v1/customers/" + id, sellerOne, SandboxHttp.object().put("default_card", "1234")), 400,
                "120");

        assertThat(http.get("/v1/customers/" + id, sellerOne).json()).isEqualTo(created);
    }

    @Test
    void deletingReturnsTheCustomerAndFreesItsEmail() {
        JsonNode created = create(sellerOne, "gone@buyer.com");
        String id = created.get("id").asText();

        Response deleted = http.send("DELETE", "/v1/customers/" + id, sellerOne, null, null);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("id").asText()).isEqualTo(id);
        assertCustomerShape(deleted.json());
        assertError(http.get("/v1/customers/" + id, sellerOne), 404, null);
        assertThat(searchAll(sellerOne).get("paging").get("total").asInt()).isZero();
        assertThat(http.post("/v1/customers", sellerOne, SandboxHttp.object().put("email", "gone@buyer.com"))
                .status()).isEqualTo(201);
    }

    @Test
    void everyCustomerEndpointNeedsAnAccessToken() {
        Response anonymous = http.post("/v1/customers", null, SandboxHttp.object().put("email", "a@b.com"));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(http.get("/v1/customers/search", null).status()).isEqualTo(401);
        assertThat(http.get("/v1/customers/search", "APP_USR-unknown").status()).isEqualTo(401);
        assertThat(searchAll(sellerOne).get("paging").get("total").asInt()).isZero();
    }

    private JsonNode create(String token, String email) {
        Response response = http.post("/v1/customers", token, SandboxHttp.object().put("email", email));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private JsonNode searchAll(String token) {
        return http.get("/v1/customers/search", token).json();
    }
}
