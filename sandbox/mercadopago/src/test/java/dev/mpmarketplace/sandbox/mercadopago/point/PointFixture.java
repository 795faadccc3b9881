package dev.mpmarketplace.sandbox.mercadopago.point;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookTesting;

/**
 * A sandbox whose marketplace application sends its webhooks to a receiver, SELLER_ONE linked to it through OAuth (as
 * point-service holds its sellers' tokens), and the calls Point tests repeat: the seller's devices, intents, orders,
 * the device simulator, the webhooks sent.
 */
final class PointFixture implements AutoCloseable {

    static final String API = "/point/integration-api";

    final WebhookReceiver receiver;
    final MercadoPagoSandbox sandbox;
    final SandboxHttp http;
    /** SELLER_ONE's OAuth token for the marketplace application. */
    final String seller;
    final long sellerId;
    /** SELLER_TWO's OAuth token for the marketplace application. */
    final String otherSeller;
    /** SELLER_ONE's integrated (PDV) device and its standalone one. */
    final String pdvDevice;
    final String standaloneDevice;

    PointFixture() {
        this(options -> options);
    }

    PointFixture(java.util.function.UnaryOperator<MercadoPagoSandboxOptions> adjust) {
        receiver = WebhookReceiver.start();
        sandbox = MercadoPagoSandbox.start(adjust.apply(WebhookTesting.options(receiver)));
        http = new SandboxHttp(sandbox.url());
        SandboxHttp.Grant grant = http.linkSeller("SELLER_ONE");
        seller = grant.accessToken();
        sellerId = grant.userId();
        otherSeller = http.linkSeller("SELLER_TWO").accessToken();
        String pdv = null;
        String standalone = null;
        for (JsonNode device : http.get(API + "/devices", seller).json().get("devices")) {
            if (device.get("operating_mode").asText().equals("PDV")) {
                pdv = device.get("id").asText();
            } else {
                standalone = device.get("id").asText();
            }
        }
        pdvDevice = pdv;
        standaloneDevice = standalone;
    }

    /** A payment-intent body for an amount in cents. */
    static ObjectNode intent(long cents) {
        ObjectNode body = SandboxHttp.object();
        body.put("amount", cents);
        body.put("description", "Table 4");
        body.putObject("payment").put("installments", 1).put("type", "credit_card").put("installments_cost",
                "seller");
        body.putObject("additional_info").put("external_reference", "our-intent-" + UUID.randomUUID())
                .put("print_on_terminal", true).put("ticket_number", "S0392JED");
        return body;
    }

    Response createIntent(String device, ObjectNode body) {
        return http.post(API + "/devices/" + device + "/payment-intents", seller, body);
    }

    /** An intent on the PDV device; its id. */
    String queuedIntent(long cents) {
        Response created = createIntent(pdvDevice, intent(cents));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().get("id").asText();
    }

    JsonNode getIntent(String id) {
        Response response = http.get(API + "/payment-intents/" + id, seller);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** The device simulator: {@code POST /sandbox/point/devices/{device}/{action}}. */
    Response device(String device, String action, Map<String, Object> body) {
        return http.post("/sandbox/point/devices/" + device + "/" + action, null, body);
    }

    JsonNode act(String device, String action, Map<String, Object> body) {
        Response response = device(device, action, body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    JsonNode act(String device, String action) {
        return act(device, action, Map.of());
    }

    /** An Orders API body for the PDV device. */
    ObjectNode order(String amount) {
        ObjectNode body = SandboxHttp.object();
        body.put("type", "point");
        body.put("external_reference", "our-order-" + UUID.randomUUID().toString().substring(0, 8));
        body.put("description", "Table 7");
        body.putObject("transactions").putArray("payments").addObject().put("amount", amount);
        ObjectNode config = body.putObject("config");
        config.putObject("point").put("terminal_id", pdvDevice).put("print_on_terminal", "no_ticket");
        config.putObject("payment_method").put("default_type", "credit_card").put("default_installments", 1)
                .put("installments_cost", "seller");
        return body;
    }

    Response createOrder(Object body, String key) {
        return http.post("/v1/orders", seller, body, Map.of("X-Idempotency-Key", key));
    }

    /** An order on the PDV device; its id. */
    String queuedOrder(String amount) {
        Response created = createOrder(order(amount), UUID.randomUUID().toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    JsonNode getOrder(String id) {
        Response response = http.get("/v1/orders/" + id, seller);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** The webhook deliveries of a type about a resource, oldest first. */
    List<JsonNode> deliveries(String type, String dataId) {
        JsonNode page = http.get("/sandbox/webhooks/deliveries?limit=1000&type=" + type + "&data_id=" + dataId, null)
                .json();
        List<JsonNode> deliveries = new ArrayList<>();
        page.get("results").forEach(deliveries::add);
        java.util.Collections.reverse(deliveries);
        return deliveries;
    }

    /** Waits (up to 15 s) until a delivery of that type about that resource satisfies the condition. */
    JsonNode awaitDelivery(String type, String dataId, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            for (JsonNode delivery : deliveries(type, dataId)) {
                if (condition.test(delivery)) {
                    return delivery;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such " + type + " delivery for " + dataId + ": "
                        + deliveries(type, dataId));
            }
            pause();
        }
    }

    /** Registers the receiver as the integrator webhook and passes the challenge with the integrator's token. */
    String validatedWebhook() {
        String token = http.get(API + "/integrators", seller).json().get("token").asText();
        receiver.answerChallengesWith(token);
        Response registered = http.send("PATCH", API + "/integrators", seller, "application/json",
                "{\"webhook\":\"" + integratorWebhookUrl() + "\"}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(204);
        Response checked = http.post(API + "/integrators/check", seller, null);
        assertThat(checked.status()).as(checked.body()).isEqualTo(204);
        return token;
    }

    String integratorWebhookUrl() {
        return receiver.url().replace("/webhooks/mercadopago", "/webhooks/point");
    }

    void advanceClock(Duration by) {
        WebhookTesting.advanceClock(http, by);
    }

    static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void assertHasFields(JsonNode node, String... fields) {
        assertThat(node).as("object expected").isNotNull();
        List<String> missing = java.util.Arrays.stream(fields).filter(f -> !node.has(f)).toList();
        assertThat(missing).as("fields missing from %s", node).isEmpty();
    }

    @Override
    public void close() {
        sandbox.close();
        receiver.close();
    }
}
