package dev.mpmarketplace.sandbox.mercadopago.preferences;

import static dev.mpmarketplace.sandbox.mercadopago.preferences.PreferenceFixtures.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver.Received;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookTesting;

/** Merchant orders of Checkout Pro (docs/sandbox/preferences.md, "Merchant orders"), made by paying on the checkout page. */
class MerchantOrdersTest {

    private static final List<String> FIELDS = List.of("id", "status", "external_reference", "preference_id",
            "payments", "shipments", "payouts", "collector", "marketplace", "notification_url", "date_created",
            "last_updated", "sponsor_id", "shipping_cost", "total_amount", "site_id", "paid_amount",
            "refunded_amount", "payer", "items", "cancelled", "additional_info", "application_id", "order_status");
    private static final List<String> PAYMENT_FIELDS = List.of("id", "transaction_amount", "total_paid_amount",
            "shipping_cost", "currency_id", "status", "status_details", "operation_type", "date_approved",
            "date_created", "last_modified", "amount_refunded");

    @Test
    void payingAPreferenceMakesItsMerchantOrderClosedOnceApprovedAndNotified() {
        try (Checkout checkout = new Checkout()) {
            String preference = checkout.preference(minimal().put("external_reference", "order-7"));

            String location = checkout.pay(preference, "APRO").header("Location");
            String merchantOrderId = SandboxHttp.query(location, "merchant_order_id");
            long paymentId = Long.parseLong(SandboxHttp.query(location, "payment_id"));
            Response order = checkout.http.get("/merchant_orders/" + merchantOrderId, checkout.seller);
            JsonNode payment = checkout.http.get("/v1/payments/" + paymentId, checkout.seller).json();

            assertThat(order.status()).isEqualTo(200);
            JsonNode json = order.json();
            assertThat(FIELDS.stream().filter(f -> !json.has(f)).toList()).isEmpty();
            assertThat(json.get("id").asText()).isEqualTo(merchantOrderId);
            assertThat(json.get("status").asText()).isEqualTo("closed");
            assertThat(json.get("order_status").asText()).isEqualTo("paid");
            assertThat(json.get("preference_id").asText()).isEqualTo(preference);
            assertThat(json.get("external_reference").asText()).isEqualTo("order-7");
            assertThat(json.get("total_amount").decimalValue()).isEqualByComparingTo("100.00");
            assertThat(json.get("paid_amount").decimalValue()).isEqualByComparingTo("100.00");
            assertThat(json.get("payer").get("email").asText()).isEmpty();
            JsonNode entry = json.get("payments").get(0);
            assertThat(PAYMENT_FIELDS.stream().filter(f -> !entry.has(f)).toList()).isEmpty();
            assertThat(entry.get("id").asLong()).isEqualTo(paymentId);
            assertThat(entry.get("status_details").asText()).isEqualTo("accredited");
            assertThat(payment.get("order").get("id").asText()).isEqualTo(merchantOrderId);
            assertThat(payment.get("order").get("type").asText()).isEqualTo("mercadopago");
            JsonNode delivery = WebhookTesting.awaitDelivery(checkout.http, checkout.delivery(merchantOrderId),
                    WebhookTesting.status("delivered"));
            JsonNode body = delivery.get("notification");
            assertThat(delivery.get("type").asText()).isEqualTo("topic_merchant_order_wh");
            assertThat(body.get("id").asText()).isEqualTo(merchantOrderId);
            assertThat(body.get("status").asText()).isEqualTo("closed");
            assertThat(body.get("action").asText()).isEqualTo("create");
        }
    }

    @Test
    void aRejectedCardLeavesItOpenedAndASecondCardOnTheSamePreferenceClosesIt() {
        try (Checkout checkout = new Checkout()) {
            String preference = checkout.preference(minimal());

            String first = SandboxHttp.query(checkout.pay(preference, "OTHE").header("Location"),
                    "merchant_order_id");
            JsonNode opened = checkout.http.get("/merchant_orders/" + first, checkout.seller).json();
            String second = SandboxHttp.query(checkout.pay(preference, "APRO").header("Location"),
                    "merchant_order_id");
            JsonNode closed = checkout.http.get("/merchant_orders/" + first, checkout.seller).json();

            assertThat(opened.get("status").asText()).isEqualTo("opened");
            assertThat(opened.get("order_status").asText()).isEqualTo("payment_required");
            assertThat(second).isEqualTo(first);
            assertThat(closed.get("status").asText()).isEqualTo("closed");
            assertThat(closed.get("payments")).extracting(p -> p.get("status").asText())
                    .containsExactly("rejected", "approved");
        }
    }

    @Test
    void aRefundRevertsTheOrderStatusAndALegacyIpnGoesToTheNotificationUrl() {
        try (Checkout checkout = new Checkout()) {
            ObjectNode request = minimal();
            request.put("notification_url", checkout.receiver.url().replace("/mercadopago", "/ipn"));
            String preference = checkout.preference(request);
            String location = checkout.pay(preference, "APRO").header("Location");
            String merchantOrderId = SandboxHttp.query(location, "merchant_order_id");
            long paymentId = Long.parseLong(SandboxHttp.query(location, "payment_id"));

            checkout.http.post("/v1/payments/" + paymentId + "/refunds", checkout.seller, null,
                    Map.of("X-Idempotency-Key", UUID.randomUUID().toString()));
            JsonNode reverted = checkout.http.get("/merchant_orders/" + merchantOrderId, checkout.seller).json();
            Received ipn = checkout.receiver.awaitMatching(r -> r.path().endsWith("/ipn")
                    && "merchant_order".equals(r.query().get("topic")));

            assertThat(reverted.get("order_status").asText()).isEqualTo("reverted");
            assertThat(reverted.get("refunded_amount").decimalValue()).isEqualByComparingTo("100.00");
            assertThat(reverted.get("status").asText()).as("closed stays closed").isEqualTo("closed");
            assertThat(ipn.query().get("id")).isEqualTo(merchantOrderId);
            assertThat(ipn.json().get("resource").asText()).isEqualTo(checkout.sandbox.url() + "/merchant_orders/"
                    + merchantOrderId);
            assertThat(ipn.json().get("topic").asText()).isEqualTo("merchant_order");
            assertThat(ipn.header("x-signature")).as("IPNs cannot be validated").isNull();
        }
    }

    @Test
    void searchFindsTheSellersMerchantOrdersAndNobodyElseSeesThem() {
        try (Checkout checkout = new Checkout()) {
            String preference = checkout.preference(minimal().put("external_reference", "order-9"));
            String id = SandboxHttp.query(checkout.pay(preference, "APRO").header("Location"), "merchant_order_id");
            String other = checkout.http.user("SELLER_TWO").get("access_token").asText();

            JsonNode byPreference = checkout.http.get("/merchant_orders/search?preference_id=" + preference,
                    checkout.seller).json();
            JsonNode byReference = checkout.http.get("/merchant_orders/search?external_reference=order-9&status="
                    + "closed", checkout.seller).json();

            assertThat(byPreference.fieldNames()).toIterable().containsExactly("elements", "next_offset", "total");
            assertThat(byPreference.get("elements")).extracting(e -> e.get("id").asText()).containsExactly(id);
            assertThat(byReference.get("total").asInt()).isEqualTo(1);
            assertThat(checkout.http.get("/merchant_orders/search?status=opened", checkout.seller).json()
                    .get("total").asInt()).isZero();
            assertThat(checkout.http.get("/merchant_orders/" + id, other).status()).isEqualTo(404);
            assertThat(checkout.http.get("/merchant_orders/search", other).json().get("total").asInt()).isZero();
            Response bad = checkout.http.get("/merchant_orders/search?limit=0", checkout.seller);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(checkout.http.get("/merchant_orders/nope", checkout.seller).json().get("message").asText())
                    .isEqualTo("Merchant Order not found");
        }
    }

    @Test
    void aMerchantOrderNotifiedALittleAgoMayNotBeReadableYet() {
        try (Checkout checkout = new Checkout()) {
            checkout.http.post("/sandbox/faults", null, Map.of("kind", "not_found_after_notify", "path",
                    "/merchant_orders/*", "duration_ms", 60_000));
            String id = SandboxHttp.query(checkout.pay(checkout.preference(minimal()), "APRO").header("Location"),
                    "merchant_order_id");

            Response early = checkout.http.get("/merchant_orders/" + id, checkout.seller);
            WebhookTesting.advanceClock(checkout.http, java.time.Duration.ofMinutes(1));
            Response later = checkout.http.get("/merchant_orders/" + id, checkout.seller);

            assertThat(early.status()).isEqualTo(404);
            assertThat(early.json().get("message").asText()).isEqualTo("Merchant Order not found");
            assertThat(later.status()).isEqualTo(200);
        }
    }

    @Test
    void merchantOrdersSurviveARestart(@TempDir Path dataDir) {
        String id;
        String seller;
        JsonNode before;
        try (Checkout checkout = new Checkout(dataDir)) {
            seller = checkout.seller;
            id = SandboxHttp.query(checkout.pay(checkout.preference(minimal()), "APRO").header("Location"),
                    "merchant_order_id");
            before = checkout.http.get("/merchant_orders/" + id, seller).json();
        }
        try (Checkout restarted = new Checkout(dataDir)) {
            assertThat(restarted.http.get("/merchant_orders/" + id, seller).json()).isEqualTo(before);
        }
    }

    /** A sandbox whose application's webhooks go to a receiver, and SELLER_ONE linked to it. */
    private static final class Checkout implements AutoCloseable {
        final WebhookReceiver receiver = WebhookReceiver.start();
        final MercadoPagoSandbox sandbox;
        final SandboxHttp http;
        final String seller;

        Checkout() {
            this(null);
        }

        Checkout(Path dataDir) {
            MercadoPagoSandboxOptions options = WebhookTesting.options(receiver);
            sandbox = MercadoPagoSandbox.start(dataDir == null ? options : options.withDataDir(dataDir));
            http = new SandboxHttp(sandbox.url());
            seller = http.linkSeller("SELLER_ONE").accessToken();
        }

        String preference(ObjectNode request) {
            request.putObject("back_urls").put("success", "https://shop.test/ok").put("pending",
                    "https://shop.test/pending").put("failure", "https://shop.test/failure");
            request.put("auto_return", "all");
            Response created = http.post("/checkout/preferences", seller, request);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            return created.json().get("id").asText();
        }

        Response pay(String preference, String cardholder) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("pref_id", preference);
            form.put("card_number", "5031 4332 1540 6351");
            form.put("expiration", "11/30");
            form.put("security_code", "123");
            form.put("cardholder_name", cardholder);
            form.put("email", "test_user_buyer_one@testuser.com");
            Response paid = http.postForm("/checkout/v1/pay", form);
            assertThat(paid.status()).as(paid.body()).isEqualTo(302);
            return paid;
        }

        String delivery(String merchantOrderId) {
            JsonNode page = http.get("/sandbox/webhooks/deliveries?type=topic_merchant_order_wh&data_id="
                    + merchantOrderId, null).json();
            return page.get("results").get(page.get("results").size() - 1).get("id").asText();
        }

        @Override
        public void close() {
            sandbox.close();
            receiver.close();
        }
    }
}
