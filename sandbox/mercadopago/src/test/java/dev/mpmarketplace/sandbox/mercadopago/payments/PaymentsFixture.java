package dev.mpmarketplace.sandbox.mercadopago.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/**
 * A started sandbox with the seeded sellers, and the calls payments tests repeat: tokenize a test card, pay, move the
 * clock. Also the golden shapes of section 2.4 (payment, refund) and of the card token.
 */
final class PaymentsFixture implements AutoCloseable {

    /** MLB test Mastercard (reference section 9). */
    static final String MASTER = "5031433215406351";
    /** MLB test Visa. */
    static final String VISA = "4235647728025682";
    /** MLB test Amex (4-digit CVV). */
    static final String AMEX = "375365153556885";

    static final List<String> PAYMENT_FIELDS = List.of("id", "date_created", "date_approved", "date_last_updated",
            "date_of_expiration", "money_release_date", "money_release_schema", "operation_type", "issuer_id",
            "payment_method_id", "payment_type_id", "status", "status_detail", "currency_id", "description",
            "live_mode", "sponsor_id", "authorization_code", "integrator_id", "platform_id", "corporation_id",
            "collector_id", "payer", "metadata", "additional_info", "order", "external_reference",
            "transaction_amount", "transaction_amount_refunded", "coupon_amount", "differential_pricing_id",
            "installments", "transaction_details", "fee_details", "captured", "binary_mode", "call_for_authorize_id",
            "statement_descriptor", "card", "notification_url", "callback_url", "processing_mode",
            "merchant_account_id", "merchant_number", "refunds", "point_of_interaction", "three_ds_info",
            "taxes_amount", "shipping_amount", "pos_id", "store_id", "internal_metadata", "charges_details",
            "acquirer_reconciliation");
    static final List<String> PAYER_FIELDS = List.of("type", "id", "email", "identification", "phone", "first_name",
            "last_name", "entity_type");
    static final List<String> TRANSACTION_DETAILS_FIELDS = List.of("net_received_amount", "total_paid_amount",
            "overpaid_amount", "installment_amount", "external_resource_url", "financial_institution",
            "payment_method_reference_id", "payable_deferral_period", "acquirer_reference", "transaction_id",
            "digitable_line", "verification_code", "bank_transfer_id", "barcode");
    static final List<String> CARD_FIELDS = List.of("id", "first_six_digits", "last_four_digits", "expiration_month",
            "expiration_year", "date_created", "date_last_updated", "cardholder");
    static final List<String> REFUND_FIELDS = List.of("id", "payment_id", "amount", "adjustment_amount", "status",
            "refund_mode", "date_created", "reason", "unique_sequence_number", "source", "metadata", "labels",
            "partition_details");
    static final List<String> CARD_TOKEN_FIELDS = List.of("id", "public_key", "card_id", "first_six_digits",
            "last_four_digits", "expiration_month", "expiration_year", "cardholder", "status", "date_created",
            "date_last_updated", "date_due", "luhn_validation", "live_mode", "require_esc", "card_number_length",
            "security_code_length");
    /** Mercado Pago's timestamp format, e.g. {@code 2022-01-10T10:10:10.000-04:00}. */
    static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{2}:\\d{2}";

    final MercadoPagoSandbox sandbox;
    final SandboxHttp http;
    final String sellerOne;
    final long sellerOneId;
    final String sellerTwo;

    PaymentsFixture() {
        this(MercadoPagoSandboxOptions.defaults());
    }

    PaymentsFixture(MercadoPagoSandboxOptions options) {
        sandbox = MercadoPagoSandbox.start(options);
        http = new SandboxHttp(sandbox.url());
        JsonNode one = http.user("SELLER_ONE");
        sellerOne = one.get("access_token").asText();
        sellerOneId = one.get("id").asLong();
        sellerTwo = http.user("SELLER_TWO").get("access_token").asText();
    }

    /** A full-card tokenization body, expiring 11/2030. */
    static ObjectNode card(String number, String securityCode, String cardholderName) {
        ObjectNode body = SandboxHttp.object();
        body.put("card_number", number);
        body.put("expiration_month", 11);
        body.put("expiration_year", 2030);
        body.put("security_code", securityCode);
        ObjectNode cardholder = body.putObject("cardholder");
        cardholder.put("name", cardholderName);
        cardholder.putObject("identification").put("type", "CPF").put("number", "12345678909");
        return body;
    }

    /** Tokenizes the MLB test Mastercard for the seller of that token, with that cardholder name. */
    String cardToken(String sellerToken, String cardholderName) {
        Response response = http.post("/v1/card_tokens", sellerToken, card(MASTER, "123", cardholderName));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    /** The smallest valid create-payment body. */
    static ObjectNode payment(String cardToken, String amount) {
        ObjectNode body = SandboxHttp.object();
        body.put("transaction_amount", new java.math.BigDecimal(amount));
        body.put("token", cardToken);
        body.put("installments", 1);
        body.put("payment_method_id", "master");
        body.putObject("payer").put("email", "test_user_123@testuser.com");
        return body;
    }

    Response pay(String sellerToken, Object body, String idempotencyKey) {
        return http.post("/v1/payments", sellerToken, body, Map.of("X-Idempotency-Key", idempotencyKey));
    }

    Response pay(String sellerToken, Object body) {
        return pay(sellerToken, body, UUID.randomUUID().toString());
    }

    /** A payment with that cardholder name, created with the seller's own token; its resource. */
    JsonNode paid(String sellerToken, String cardholderName, String amount) {
        Response response = pay(sellerToken, payment(cardToken(sellerToken, cardholderName), amount));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    Response refund(String sellerToken, long paymentId, Object body, String idempotencyKey) {
        return http.post("/v1/payments/" + paymentId + "/refunds", sellerToken, body,
                Map.of("X-Idempotency-Key", idempotencyKey));
    }

    Response refund(String sellerToken, long paymentId, Object body) {
        return refund(sellerToken, paymentId, body, UUID.randomUUID().toString());
    }

    /** How many payments the seller's search finds: the witness that a refused call created nothing. */
    int paymentCount(String sellerToken) {
        return http.get("/v1/payments/search", sellerToken).json().get("paging").get("total").asInt();
    }

    void advanceClock(Duration by) {
        Response response = http.post("/sandbox/clock", null, Map.of("advance", by.toString()));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    static void assertPaymentShape(JsonNode payment) {
        assertThat(payment.isObject()).as("a payment object: %s", payment).isTrue();
        assertHasFields(payment, PAYMENT_FIELDS);
        assertHasFields(payment.get("payer"), PAYER_FIELDS);
        assertHasFields(payment.get("transaction_details"), TRANSACTION_DETAILS_FIELDS);
        assertHasFields(payment.get("card"), CARD_FIELDS);
        assertHasFields(payment.get("card").get("cardholder"), List.of("name", "identification"));
        assertThat(payment.get("id").isIntegralNumber()).isTrue();
        assertThat(payment.get("transaction_amount").isNumber()).isTrue();
        assertThat(payment.get("fee_details").isArray()).isTrue();
        assertThat(payment.get("refunds").isArray()).isTrue();
        assertThat(payment.get("date_created").asText()).matches(TIMESTAMP);
        assertThat(payment.get("date_last_updated").asText()).matches(TIMESTAMP);
        payment.get("refunds").forEach(PaymentsFixture::assertRefundShape);
    }

    static void assertRefundShape(JsonNode refund) {
        assertHasFields(refund, REFUND_FIELDS);
        assertHasFields(refund.get("source"), List.of("id", "name", "type"));
        assertThat(refund.get("amount").isNumber()).isTrue();
        assertThat(refund.get("date_created").asText()).matches(TIMESTAMP);
    }

    static void assertCardTokenShape(JsonNode token) {
        assertHasFields(token, CARD_TOKEN_FIELDS);
        assertHasFields(token.get("cardholder"), List.of("name", "identification"));
        assertThat(token.get("id").asText()).matches("[0-9a-f]{32}");
        assertThat(token.get("date_due").asText()).matches(TIMESTAMP);
    }

    /** Mercado Pago's error envelope with that status and first cause code. */
    static void assertError(Response response, int status, Object code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode body = response.json();
        assertHasFields(body, List.of("message", "error", "status", "cause"));
        assertThat(body.get("status").asInt()).isEqualTo(status);
        if (code != null) {
            assertThat(body.get("cause").size()).as(response.body()).isGreaterThan(0);
            assertThat(body.get("cause").get(0).get("code").asText()).as(response.body())
                    .isEqualTo(String.valueOf(code));
        }
    }

    static void assertHasFields(JsonNode node, List<String> fields) {
        assertThat(node).as("object expected").isNotNull();
        List<String> missing = fields.stream().filter(f -> !node.has(f)).toList();
        assertThat(missing).as("fields missing from %s", node).isEmpty();
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
