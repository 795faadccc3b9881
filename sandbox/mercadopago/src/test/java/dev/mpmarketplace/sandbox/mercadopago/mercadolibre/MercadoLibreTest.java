package dev.mpmarketplace.sandbox.mercadopago.mercadolibre;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver.Received;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookTesting;

/** Seed 001's flows through HTTP: sites, orders and their payments, the feed and missed feeds (docs/sandbox/mercadolibre.md). */
class MercadoLibreTest {

    /** Every field of seed 001's order example. */
    private static final List<String> ORDER_FIELDS = List.of("buyer", "coupon", "currency_id", "date_closed",
            "date_created", "feedback", "id", "last_updated", "mediations", "order_items", "paid_amount", "payments",
            "seller", "shipping", "status", "status_detail", "tags", "total_amount");
    private static final List<String> ORDER_PAYMENT_FIELDS = List.of("activation_uri", "atm_transfer_reference",
            "available_actions", "card_id", "collector", "coupon_amount", "coupon_id", "currency_id", "date_created",
            "date_last_modified", "id", "installments", "issuer_id", "operation_type", "order_id", "overpaid_amount",
            "payer_id", "payment_method_id", "payment_type", "reason", "shipping_cost", "site_id", "status",
            "status_code", "status_detail", "total_paid_amount", "transaction_amount");
    private static final List<String> FEED_FIELDS = List.of("_id", "resource", "user_id", "topic", "application_id",
            "attempts", "sent", "received");

    @Test
    void sitesListTheirPaymentMethodsWithMercadoPago() {
        try (Ml ml = new Ml()) {
            JsonNode site = ml.http.get("/sites/MLA", null).json();
            JsonNode method = ml.http.get("/payment_methods/MLAMP", null).json();

            assertThat(site.get("id").asText()).isEqualTo("MLA");
            assertThat(site.get("default_currency_id").asText()).isEqualTo("ARS");
            assertThat(site.get("payment_method_ids")).extracting(JsonNode::asText).contains("MLAMP");
            assertThat(method.get("name").asText()).isEqualTo("MercadoPago");
            assertThat(method.get("payment_type_id").asText()).isEqualTo("account_money");
            Response unknownSite = ml.http.get("/sites/XXX", null);
            assertThat(unknownSite.status()).isEqualTo(404);
            assertThat(unknownSite.json().fieldNames()).toIterable().containsExactly("message", "error", "status",
                    "cause");
            assertThat(ml.http.get("/payment_methods/MLAXX", null).status()).isEqualTo(404);
        }
    }

    @Test
    void aMandatoryMercadoPagoOrderIsHiddenUntilPaidThenVisibleWithBuyerDataAndClosed() {
        try (Ml ml = new Ml()) {
            long id = ml.order(Map.of("title", "Item De Testeo", "quantity", 1, "unit_price", 591));

            JsonNode required = ml.get(id);
            JsonNode hiddenSearch = ml.search("");
            ml.pay(id, Map.of("outcome", "rejected"));
            JsonNode afterRejection = ml.get(id);
            ml.pay(id, Map.of());
            JsonNode paid = ml.get(id);

            assertThat(required.get("status").asText()).isEqualTo("payment_required");
            assertThat(required.get("date_closed").isNull()).isTrue();
            assertThat(required.get("buyer").fieldNames()).toIterable().containsExactly("id");
            assertThat(required.get("tags")).extracting(JsonNode::asText).contains("not_paid");
            assertThat(hiddenSearch.get("paging").get("total").asInt()).isZero();
            assertThat(afterRejection.get("status").asText()).isEqualTo("payment_required");
            assertThat(paid.get("status").asText()).isEqualTo("paid");
            assertThat(paid.get("date_closed").asText()).isNotEmpty();
            assertThat(paid.get("buyer").get("email").asText()).isEqualTo(ml.http.user("BUYER_ONE").get("email")
                    .asText());
            assertThat(paid.get("buyer").has("billing_info")).isTrue();
            assertThat(paid.get("tags")).extracting(JsonNode::asText).contains("paid").doesNotContain("not_paid");
            assertThat(paid.get("paid_amount").decimalValue()).isEqualByComparingTo("591");
            assertThat(paid.get("payments")).hasSize(2);
            assertThat(paid.get("payments").get(0).get("status").asText()).isEqualTo("rejected");
            assertThat(paid.get("payments").get(0).get("status_detail").asText())
                    .isEqualTo("cc_rejected_insufficient_amount");
            assertThat(ml.search("").get("results")).extracting(o -> o.get("id").asLong()).containsExactly(id);
            assertThat(ml.feedTopics(id)).as("only created_orders until paid").containsExactly("created_orders",
                    "orders_v2");
        }
    }

    @Test
    void anOrderHasEveryFieldOfTheSeedsExample() {
        try (Ml ml = new Ml()) {
            long id = ml.order(Map.of("title", "Item De Testeo", "quantity", 1, "unit_price", 591));
            ml.pay(id, Map.of("amount", 296));
            ml.pay(id, Map.of("amount", 295, "installments", 3));

            JsonNode order = ml.get(id);

            assertThat(missing(order, ORDER_FIELDS)).isEmpty();
            for (JsonNode payment : order.get("payments")) {
                assertThat(missing(payment, ORDER_PAYMENT_FIELDS)).isEmpty();
                assertThat(payment.get("order_id").asLong()).isEqualTo(id);
                assertThat(payment.get("collector").get("id").asLong()).isEqualTo(ml.sellerId);
                assertThat(payment.get("payer_id").asLong()).isEqualTo(ml.http.user("BUYER_ONE").get("id").asLong());
            }
            assertThat(missing(order.get("buyer"), List.of("alternative_phone", "billing_info", "email",
                    "first_name", "id", "last_name", "nickname"))).isEmpty();
            assertThat(missing(order.get("seller"), List.of("alternative_phone", "email", "first_name", "id",
                    "last_name", "nickname", "phone"))).isEmpty();
            assertThat(missing(order.get("order_items").get(0), List.of("currency_id", "item", "quantity",
                    "unit_price"))).isEmpty();
            assertThat(order.get("payments")).extracting(p -> p.get("transaction_amount").asInt())
                    .containsExactly(296, 295);
            assertThat(order.get("status").asText()).isEqualTo("paid");
            assertThat(order.get("shipping").toString()).isEqualTo("{\"status\":\"null\"}");
            assertThat(order.get("date_created").asText()).matches(
                    "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{2}:\\d{2}");
        }
    }

    @Test
    void aConfirmedOrderIsVisibleAtOnceAndBecomesPaidPartlyThenWhole() {
        try (Ml ml = new Ml()) {
            long id = ml.order("MLA", Map.of("title", "Used thing", "quantity", 2, "unit_price", 50, "condition",
                    "used"));

            JsonNode confirmed = ml.get(id);
            ml.pay(id, Map.of("amount", 40));
            JsonNode partial = ml.get(id);
            ml.pay(id, Map.of());
            JsonNode paid = ml.get(id);

            assertThat(confirmed.get("status").asText()).isEqualTo("confirmed");
            assertThat(confirmed.get("date_closed").isNull()).isFalse();
            assertThat(confirmed.get("buyer").has("email")).isTrue();
            assertThat(partial.get("status").asText()).isEqualTo("partially_paid");
            assertThat(partial.get("paid_amount").decimalValue()).isEqualByComparingTo("40");
            assertThat(paid.get("status").asText()).isEqualTo("paid");
            assertThat(paid.get("paid_amount").decimalValue()).isEqualByComparingTo("100");
            assertThat(ml.feedTopics(id)).containsExactly("created_orders", "orders_v2", "orders_v2", "orders_v2");
        }
    }

    @Test
    void aRefundToAccountMoneyLeavesTheOrderPaidAndUnfulfilledNeverCancelled() {
        try (Ml ml = new Ml()) {
            long mexican = ml.http.post("/sandbox/users", null, Map.of("role", "seller", "site_id", "MLM")).json()
                    .get("id").asLong();
            long id = ml.order(mexican, "MLM", Map.of("title", "Cosa", "quantity", 1, "unit_price", 3500));
            ml.pay(id, Map.of());
            long brazilian = ml.order(Map.of("title", "Coisa", "quantity", 1, "unit_price", 10));
            ml.pay(brazilian, Map.of());

            Response refunded = ml.http.post("/sandbox/mercadolibre/orders/" + id + "/refund-to-account-money", null,
                    Map.of());
            Response cancel = ml.http.post("/sandbox/mercadolibre/orders/" + id + "/cancel", null, Map.of());
            Response notInBrazil = ml.http.post("/sandbox/mercadolibre/orders/" + brazilian
                    + "/refund-to-account-money", null, Map.of());

            assertThat(refunded.status()).isEqualTo(200);
            assertThat(refunded.json().get("status").asText()).isEqualTo("paid");
            assertThat(refunded.json().get("tags")).extracting(JsonNode::asText).contains("unfulfilled");
            assertThat(refunded.json().get("payments").get(0).get("tags")).extracting(JsonNode::asText)
                    .containsExactly("refund_account_money");
            assertThat(cancel.status()).isEqualTo(409);
            assertThat(notInBrazil.status()).isEqualTo(409);
        }
    }

    @Test
    void aCancelledOrderRefundsItsPaymentsAndLeavesTheSellersDefaultSearch() {
        try (Ml ml = new Ml()) {
            long id = ml.order(Map.of("title", "Item", "quantity", 1, "unit_price", 80));
            long paymentId = ml.pay(id, Map.of()).get("payment").get("id").asLong();

            Response cancelled = ml.http.post("/sandbox/mercadolibre/orders/" + id + "/cancel", null,
                    Map.of("reason", "out_of_stock"));

            assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
            assertThat(cancelled.json().get("cancel_detail").get("code").asText()).isEqualTo("item_paused");
            assertThat(ml.http.get("/v1/payments/" + paymentId, ml.seller).json().get("status").asText())
                    .isEqualTo("refunded");
            assertThat(ml.search("").get("paging").get("total").asInt()).isZero();
            assertThat(ml.search("&order.status=cancelled").get("results")).hasSize(1);
        }
    }

    @Test
    void theSearchFiltersSortsAndPagesTheSellersOrders() {
        try (Ml ml = new Ml()) {
            long first = ml.order("MLA", Map.of("title", "A", "quantity", 1, "unit_price", 10, "condition", "used"));
            ml.advance(Duration.ofHours(2));
            long second = ml.order("MLA", Map.of("title", "B", "quantity", 1, "unit_price", 10, "condition", "used"));
            String from = ml.get(second).get("date_created").asText();

            JsonNode desc = ml.search("&sort=date_desc");
            JsonNode page = ml.search("&limit=1&offset=1");
            JsonNode recent = ml.search("&order.date_created.from=" + from.replace("+", "%2B"));

            assertThat(desc.get("results")).extracting(o -> o.get("id").asLong()).containsExactly(second, first);
            assertThat(page.get("results")).extracting(o -> o.get("id").asLong()).containsExactly(second);
            assertThat(page.get("paging").get("total").asInt()).isEqualTo(2);
            assertThat(recent.get("results")).extracting(o -> o.get("id").asLong()).containsExactly(second);
            assertThat(desc.get("sort").get("id").asText()).isEqualTo("date_desc");
            assertThat(ml.http.get("/orders/search?seller=" + ml.sellerId, ml.http.user("SELLER_TWO")
                    .get("access_token").asText()).status()).isEqualTo(403);
            assertThat(ml.http.get("/orders/search?seller=" + ml.sellerId + "&sort=price", ml.seller).status())
                    .isEqualTo(400);
            assertThat(ml.http.get("/orders/" + first, ml.http.user("SELLER_TWO").get("access_token").asText())
                    .status()).isEqualTo(403);
            assertThat(ml.http.get("/orders/" + first, ml.http.user("BUYER_ONE").get("access_token").asText())
                    .status()).isEqualTo(200);
            assertThat(ml.http.get("/orders/999", ml.seller).status()).isEqualTo(404);
        }
    }

    @Test
    void badOrdersAreRefusedAndCreateNothing() {
        try (Ml ml = new Ml()) {
            long buyer = ml.http.user("BUYER_ONE").get("id").asLong();
            List<Map<String, Object>> bad = List.of(
                    Map.of("seller_id", ml.sellerId, "buyer_id", buyer, "items", List.of()),
                    Map.of("seller_id", ml.sellerId, "buyer_id", buyer, "items", List.of(Map.of("title", "x",
                            "unit_price", -1))),
                    Map.of("seller_id", ml.sellerId, "buyer_id", ml.sellerId, "items", List.of(Map.of("title", "x",
                            "unit_price", 1))),
                    Map.of("seller_id", ml.sellerId, "buyer_id", buyer, "site_id", "XXX", "items",
                            List.of(Map.of("title", "x", "unit_price", 1))),
                    Map.of("buyer_id", buyer, "items", List.of(Map.of("title", "x", "unit_price", 1))));

            for (Map<String, Object> body : bad) {
                Response refused = ml.http.post("/sandbox/mercadolibre/orders", null, body);
                assertThat(refused.status()).as(body.toString()).isEqualTo(400);
            }
            assertThat(ml.search("&order.status=payment_required,confirmed,paid,cancelled").get("paging")
                    .get("total").asInt()).isZero();
            assertThat(ml.receiver.posts()).noneMatch(r -> r.path().equals("/webhooks/mercadolibre"));
        }
    }

    @Test
    void theFeedIsRetriedWithAttemptsCountedThenListedInMissedFeedsForTheApplicationsOwnToken() {
        try (Ml ml = new Ml(options -> options.withMercadoLibreRetries(List.of(Duration.ofMinutes(1),
                Duration.ofMinutes(2)), Duration.ofMillis(500)))) {
            ml.receiver.answerByDefault(500);
            long id = ml.order("MLA", Map.of("title", "A", "quantity", 1, "unit_price", 10, "condition", "used"));
            String resource = "/orders/" + id;
            JsonNode delivery = WebhookTesting.awaitDelivery(ml.http, ml.delivery("created_orders", resource),
                    WebhookTesting.attempts(1));
            ml.advance(Duration.ofMinutes(1));
            WebhookTesting.awaitDelivery(ml.http, delivery.get("id").asText(), WebhookTesting.attempts(2));
            ml.advance(Duration.ofMinutes(2));
            WebhookTesting.awaitDelivery(ml.http, delivery.get("id").asText(), WebhookTesting.status("failed"));

            List<JsonNode> attempts = new ArrayList<>();
            List<Received> feed = new ArrayList<>();
            for (Received received : ml.receiver.posts()) {
                if (received.path().equals("/webhooks/mercadolibre") && received.body().contains("created_orders")) {
                    attempts.add(received.json());
                    feed.add(received);
                }
            }
            String appId = ml.http.marketplaceApplication().get("client_id").asText();
            String owner = ml.http.user("MARKETPLACE").get("access_token").asText();
            JsonNode missed = ml.http.get("/missed_feeds?app_id=" + appId + "&topic=created_orders", owner).json();

            assertThat(attempts).hasSize(3);
            assertThat(attempts).extracting(a -> a.get("attempts").asInt()).containsExactly(1, 2, 3);
            assertThat(attempts.get(0).fieldNames()).toIterable().containsExactlyElementsOf(FEED_FIELDS);
            assertThat(attempts).extracting(a -> a.get("_id").asText()).containsOnly(attempts.get(0).get("_id")
                    .asText());
            assertThat(attempts.get(0).get("resource").asText()).isEqualTo(resource);
            assertThat(attempts.get(0).get("application_id").asText()).isEqualTo(appId);
            assertThat(attempts.get(0).get("user_id").asLong()).isEqualTo(ml.sellerId);
            assertThat(attempts.get(0).get("sent").asText()).matches("\\d{4}-.*T.*\\.\\d{3}Z");
            assertThat(feed).allSatisfy(r -> assertThat(r.header("x-signature")).as("unsigned").isNull());
            assertThat(missed.get("messages")).hasSize(1);
            assertThat(missed.get("messages").get(0).get("_id")).isEqualTo(attempts.get(0).get("_id"));
            assertThat(missed.get("messages").get(0).get("attempts").asInt()).isEqualTo(3);
            assertThat(ml.http.get("/missed_feeds?app_id=" + appId, ml.seller).status()).isEqualTo(403);
            assertThat(ml.http.get("/missed_feeds", owner).status()).isEqualTo(400);
            ml.advance(Duration.ofDays(2));
            assertThat(ml.http.get("/missed_feeds?app_id=" + appId, owner).json().get("messages")).isEmpty();
        }
    }

    @Test
    void faultRulesApplyToMercadoLibreAndOrdersSurviveARestart(@TempDir Path dataDir) {
        long id;
        String seller;
        JsonNode before;
        try (Ml ml = new Ml(options -> options.withDataDir(dataDir))) {
            seller = ml.seller;
            id = ml.order(Map.of("title", "Item", "quantity", 1, "unit_price", 80));
            ml.pay(id, Map.of());
            before = ml.get(id);
            ml.http.post("/sandbox/faults", null, Map.of("kind", "rate_limit", "path", "/orders/*", "times", 1));
            assertThat(ml.http.get("/orders/" + id, seller).status()).isEqualTo(429);
        }
        try (Ml restarted = new Ml(options -> options.withDataDir(dataDir))) {
            assertThat(restarted.http.get("/orders/" + id, seller).json()).isEqualTo(before);
        }
    }

    private static List<String> missing(JsonNode node, List<String> fields) {
        return fields.stream().filter(f -> !node.has(f)).toList();
    }

    /** A sandbox whose application's feed goes to a receiver, SELLER_ONE linked to it, orders bought by BUYER_ONE. */
    private static final class Ml implements AutoCloseable {
        final WebhookReceiver receiver = WebhookReceiver.start();
        final MercadoPagoSandbox sandbox;
        final SandboxHttp http;
        final String seller;
        final long sellerId;

        Ml() {
            this(options -> options);
        }

        Ml(java.util.function.UnaryOperator<MercadoPagoSandboxOptions> adjust) {
            sandbox = MercadoPagoSandbox.start(adjust.apply(WebhookTesting.options(receiver)));
            http = new SandboxHttp(sandbox.url());
            SandboxHttp.Grant grant = http.linkSeller("SELLER_ONE");
            seller = grant.accessToken();
            sellerId = grant.userId();
        }

        long order(Map<String, Object> item) {
            return order(sellerId, null, item);
        }

        long order(String site, Map<String, Object> item) {
            return order(sellerId, site, item);
        }

        long order(long sellerUser, String site, Map<String, Object> item) {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("seller_id", sellerUser);
            body.put("buyer_id", http.user("BUYER_ONE").get("id").asLong());
            if (site != null) {
                body.put("site_id", site);
            }
            body.put("items", List.of(item));
            Response created = http.post("/sandbox/mercadolibre/orders", null, body);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            return created.json().get("id").asLong();
        }

        JsonNode pay(long order, Map<String, Object> body) {
            Response paid = http.post("/sandbox/mercadolibre/orders/" + order + "/payments", null, body);
            assertThat(paid.status()).as(paid.body()).isEqualTo(201);
            return paid.json();
        }

        JsonNode get(long order) {
            return http.get("/sandbox/mercadolibre/orders/" + order, null).json();
        }

        JsonNode search(String query) {
            Response found = http.get("/orders/search?seller=" + sellerId + query, seller);
            assertThat(found.status()).as(found.body()).isEqualTo(200);
            return found.json();
        }

        /** The topics sent about the order, in the order they were made. */
        List<String> feedTopics(long order) {
            List<String> topics = new ArrayList<>();
            JsonNode page = http.get("/sandbox/webhooks/deliveries?limit=1000&data_id=/orders/" + order, null).json();
            page.get("results").forEach(d -> topics.add(0, d.get("type").asText()));
            return topics;
        }

        String delivery(String topic, String resource) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode page = http.get("/sandbox/webhooks/deliveries?type=" + topic + "&data_id=" + resource, null)
                        .json();
                if (page.get("results").size() > 0) {
                    return page.get("results").get(0).get("id").asText();
                }
                WebhookReceiver.pause();
            }
            throw new AssertionError("no " + topic + " delivery for " + resource);
        }

        void advance(Duration by) {
            WebhookTesting.advanceClock(http, by);
        }

        @Override
        public void close() {
            sandbox.close();
            receiver.close();
        }
    }
}
