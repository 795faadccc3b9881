package dev.mpmarketplace.sandbox.mercadopago.point;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.SandboxModule;
import dev.mpmarketplace.sandbox.mercadopago.http.QueryParams;
import dev.mpmarketplace.sandbox.mercadopago.http.Replies;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Principal;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookSignature;

/**
 * Point over HTTP (docs/sandbox/point.md): the Integration API of seed 002 under {@code /point/integration-api}
 * (integrators and the webhook challenge, devices, payment intents, refund intents) and the Orders API
 * ({@code /v1/orders}, type {@code point}). Their state moves on the sandbox clock through {@link PointService}'s
 * timers, and through the device simulator of the control API ({@link DeviceSimulator}).
 */
public final class PointModule implements SandboxModule {

    static final String API = "/point/integration-api";
    /** How long the webhook check waits for the challenge's answer. */
    static final long CHALLENGE_TIMEOUT_MS = 10_000;
    private static final long TIMER_INTERVAL_MS = 250;
    private static final int DEFAULT_DEVICE_LIMIT = 50;
    private static final int MAX_DEVICE_LIMIT = 1000;

    private SandboxContext context;
    private PointService point;
    private WebClient client;

    @Override
    public void register(Router router, SandboxContext sandbox) {
        this.context = sandbox;
        this.point = new PointService(sandbox);
        this.client = WebClient.create(sandbox.vertx(), new WebClientOptions().setKeepAlive(false)
                .setConnectTimeout((int) CHALLENGE_TIMEOUT_MS));
        router.get(API + "/integrators").handler(this::getIntegrator);
        router.patch(API + "/integrators").handler(this::registerWebhook);
        router.post(API + "/integrators/check").handler(this::checkWebhook);
        router.get(API + "/devices").handler(this::listDevices);
        router.patch(API + "/devices/:deviceId").handler(this::setOperatingMode);
        router.post(API + "/devices/:deviceId/payment-intents").handler(this::createIntent);
        router.delete(API + "/devices/:deviceId/payment-intents/:intentId").handler(this::cancelIntent);
        router.post(API + "/devices/:deviceId/refund").handler(this::createRefund);
        router.delete(API + "/devices/:deviceId/refund/:refundId").handler(this::cancelRefund);
        // Before "/:intentId", which would otherwise take "events" for an id.
        router.get(API + "/payment-intents/events").handler(this::eventsByDate);
        router.get(API + "/payment-intents/:intentId").handler(this::getIntent);
        router.get(API + "/payment-intents/:intentId/events").handler(this::lastEvent);
        router.get(API + "/refund/:refundId").handler(this::getRefund);
        router.post("/v1/orders").handler(this::createOrder);
        router.get("/v1/orders/:orderId").handler(this::getOrder);
        router.post("/v1/orders/:orderId/cancel").handler(this::cancelOrder);
        router.post("/v1/orders/:orderId/refund").handler(this::refundOrder);
        new DeviceSimulator(sandbox, point, this::fireTimers).register(router);
        sandbox.vertx().setPeriodic(TIMER_INTERVAL_MS, id -> fireTimers());
        sandbox.onClockAdvanced(this::fireTimers);
    }

    /** Fires the Point timers due on the sandbox clock (a read first: an idle sandbox writes nothing). */
    void fireTimers() {
        Instant now = context.clock().instant();
        if (context.read(state -> point.timersDue(state, now))) {
            context.update(state -> point.fireTimers(state, now));
        }
    }

    // ------------------------------------------------------------------------------------------------ integrators

    private void getIntegrator(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        ObjectNode body = context.read(state -> point.integratorExists(state, principal)
                ? PointJson.integrator(point.existingIntegrator(state, principal))
                : null);
        if (body == null) {
            body = context.write(state -> PointJson.integrator(point.integrator(state, principal)));
        }
        Replies.json(ctx, 200, body);
    }

    private void registerWebhook(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        context.update(state -> point.registerWebhook(state, principal, request));
        Replies.empty(ctx, 204);
    }

    /**
     * {@code POST .../integrators/check}: calls the registered webhook with {@code GET <webhook>?challengeCode=<x>}
     * and expects {@code 200 {"encrypted_challenge": hex(HMAC-SHA256(key = integrator token, message = x))}};
     * only then is the webhook valid (204). No answer, no registration: a webhook nobody controls is never used.
     */
    private void checkWebhook(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        Integrator integrator = context.write(state -> {
            Integrator current = point.integrator(state, principal);
            Integrator copy = new Integrator();
            copy.key = current.key;
            copy.token = current.token;
            copy.webhook = current.webhook;
            return copy;
        });
        if (integrator.webhook == null) {
            throw PointErrors.badRequest("no webhook registered: PATCH " + API + "/integrators {\"webhook\"} first");
        }
        String challenge = context.randomAlphanumeric(32);
        String expected = WebhookSignature.hmacSha256Hex(integrator.token, challenge);
        String url = integrator.webhook + (integrator.webhook.contains("?") ? "&" : "?") + "challengeCode="
                + URLEncoder.encode(challenge, StandardCharsets.UTF_8);
        Instant at = context.clock().instant();
        try {
            client.getAbs(url).timeout(CHALLENGE_TIMEOUT_MS).send().onComplete(result -> {
                String failure = result.succeeded()
                        ? challengeFailure(result.result(), expected)
                        : "no answer: " + result.cause().getMessage();
                boolean valid = failure == null && context.write(state -> point.webhookValidated(state,
                        integrator.key, integrator.webhook));
                context.update(state -> recordCheck(state, integrator.key, at, url, result.succeeded()
                        ? result.result().statusCode()
                        : null, valid ? null : failure != null ? failure : "the webhook changed during the check"));
                if (valid) {
                    Replies.empty(ctx, 204);
                } else {
                    ctx.fail(PointErrors.webhookNotValidated(failure != null
                            ? failure
                            : "the webhook changed during the check"));
                }
            });
        } catch (RuntimeException e) {
            context.update(state -> recordCheck(state, integrator.key, at, url, null, "invalid URL"));
            throw PointErrors.webhookNotValidated("the webhook URL cannot be called");
        }
    }

    /** Why the answer is not the documented one, or {@code null} when it is. */
    private static String challengeFailure(HttpResponse<Buffer> response, String expected) {
        if (response.statusCode() != 200) {
            return "the webhook answered " + response.statusCode() + " to the challenge, not 200";
        }
        JsonNode body;
        try {
            body = SandboxJson.MAPPER.readTree(response.bodyAsString() == null ? "" : response.bodyAsString());
        } catch (IOException e) {
            return "the challenge's answer is not JSON";
        }
        JsonNode answer = body == null ? null : body.get("encrypted_challenge");
        if (answer == null || !answer.isTextual()) {
            return "the challenge's answer has no encrypted_challenge";
        }
        return answer.asText().equals(expected)
                ? null
                : "encrypted_challenge is not hex(HMAC-SHA256(integrator token, challengeCode))";
    }

    private static void recordCheck(SandboxState state, String key,
            Instant at, String url, Integer statusCode, String failure) {
        Integrator integrator = state.point.integrators.get(key);
        if (integrator != null) {
            integrator.lastCheckAt = at;
            integrator.lastCheckUrl = url;
            integrator.lastCheckStatusCode = statusCode;
            integrator.lastCheckFailure = failure;
        }
    }

    // ---------------------------------------------------------------------------------------------------- devices

    private void listDevices(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String storeId = ctx.request().getParam("store_id");
        long posFilter = QueryParams.integer(ctx.request().getParam("pos_id"), "pos_id", -1, 0, Long.MAX_VALUE,
                PointErrors::badRequest);
        Long posId = posFilter < 0 ? null : posFilter;
        int offset = (int) QueryParams.integer(ctx.request().getParam("offset"), "offset", 0, 0, Integer.MAX_VALUE,
                PointErrors::badRequest);
        int limit = (int) QueryParams.integer(ctx.request().getParam("limit"), "limit", DEFAULT_DEVICE_LIMIT, 1,
                MAX_DEVICE_LIMIT, PointErrors::badRequest);
        ObjectNode body = context.read(state -> {
            List<PointDevice> matching = new ArrayList<>();
            for (PointDevice device : state.point.devices.values()) {
                if (device.userId == principal.userId() && (storeId == null || storeId.equals(device.storeId))
                        && (posId == null || posId == device.posId)) {
                    matching.add(device);
                }
            }
            ObjectNode json = SandboxJson.MAPPER.createObjectNode();
            ArrayNode devices = json.putArray("devices");
            matching.stream().skip(offset).limit(limit).forEach(d -> devices.add(PointJson.device(d)));
            json.putObject("paging").put("total", matching.size()).put("offset", offset).put("limit", limit);
            return json;
        });
        Replies.json(ctx, 200, body);
    }

    private void setOperatingMode(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        ObjectNode body = context.write(state -> point.setOperatingMode(state, principal, ctx.pathParam("deviceId"),
                request));
        Replies.json(ctx, 200, body);
    }

    // ------------------------------------------------------------------------------------------- payment intents

    private void createIntent(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        ObjectNode body = context.write(state -> PointJson.intentCreated(point.createIntent(state, principal,
                ctx.pathParam("deviceId"), request)));
        Replies.json(ctx, 200, body);
    }

    private void getIntent(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        fireTimers();
        ObjectNode body = context.read(state -> PointJson.intent(point.ownIntent(state, principal,
                ctx.pathParam("intentId"))));
        Replies.json(ctx, 200, body);
    }

    private void lastEvent(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        fireTimers();
        ObjectNode body = context.read(state -> {
            PaymentIntent intent = point.ownIntent(state, principal, ctx.pathParam("intentId"));
            StateChange last = intent.last();
            return PointJson.lastEvent(last.state, last.at);
        });
        Replies.json(ctx, 200, body);
    }

    /** {@code ?startDate=YYYY-MM-DD&endDate=YYYY-MM-DD} (at most 30 days): the final states reached in that range. */
    private void eventsByDate(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        LocalDate start = date(ctx.request().getParam("startDate"), "startDate");
        LocalDate end = date(ctx.request().getParam("endDate"), "endDate");
        if (end.isBefore(start) || ChronoUnit.DAYS.between(start, end) > PointService.MAX_EVENT_RANGE_DAYS) {
            throw PointErrors.badRequest("endDate must be from startDate to " + PointService.MAX_EVENT_RANGE_DAYS
                    + " days after it");
        }
        Instant from = start.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        fireTimers();
        ObjectNode body = context.read(state -> {
            ObjectNode json = SandboxJson.MAPPER.createObjectNode();
            ArrayNode events = json.putArray("events");
            for (PaymentIntent intent : state.point.paymentIntents.values()) {
                if (intent.userId != principal.userId() || !intent.state.isFinal()) {
                    continue;
                }
                StateChange last = intent.last();
                if (!last.at.isBefore(from) && last.at.isBefore(to)) {
                    events.addObject().put("payment_intent_id", intent.id).put("status", last.state)
                            .put("created_on", PointJson.EVENT_TIME.format(last.at));
                }
            }
            return json;
        });
        Replies.json(ctx, 200, body);
    }

    private void cancelIntent(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        fireTimers();
        PaymentIntent intent = context.write(state -> point.cancelIntent(state, principal, ctx.pathParam("deviceId"),
                ctx.pathParam("intentId")));
        Replies.json(ctx, 200, SandboxJson.MAPPER.createObjectNode().put("id", intent.id));
    }

    // -------------------------------------------------------------------------------------------- refund intents

    private void createRefund(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        ObjectNode body = context.write(state -> PointJson.refundCreated(point.createRefund(state, principal,
                ctx.pathParam("deviceId"), request)));
        Replies.json(ctx, 200, body);
    }

    private void getRefund(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        fireTimers();
        ObjectNode body = context.read(state -> PointJson.refundIntent(point.ownRefund(state, principal,
                ctx.pathParam("refundId"))));
        Replies.json(ctx, 200, body);
    }

    private void cancelRefund(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        fireTimers();
        RefundIntent refund = context.write(state -> point.cancelRefund(state, principal, ctx.pathParam("deviceId"),
                ctx.pathParam("refundId")));
        Replies.json(ctx, 200, SandboxJson.MAPPER.createObjectNode().put("id", refund.id));
    }

    // ---------------------------------------------------------------------------------------------------- orders

    private void createOrder(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String key = idempotencyKey(ctx);
        ObjectNode request = OrderRequest.parse(ctx.body().asString());
        ObjectNode body = context.write(state -> PointJson.order(point.createOrder(state, principal, request, key)));
        Replies.json(ctx, 201, body);
    }

    private void getOrder(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        fireTimers();
        ObjectNode body = context.read(state -> PointJson.order(point.ownOrder(state, principal,
                ctx.pathParam("orderId"))));
        Replies.json(ctx, 200, body);
    }

    private void cancelOrder(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        idempotencyKey(ctx);
        boolean atTerminal = "at_terminal".equalsIgnoreCase(ctx.request().getHeader("x-allow-cancelable-status"));
        fireTimers();
        record Cancelled(boolean async, ObjectNode order) {
        }
        Cancelled cancelled = context.write(state -> {
            PointOrder order = point.ownOrder(state, principal, ctx.pathParam("orderId"));
            boolean async = point.cancelOrder(state, order, atTerminal);
            return new Cancelled(async, PointJson.order(order));
        });
        Replies.json(ctx, cancelled.async() ? 202 : 200, cancelled.order());
    }

    private void refundOrder(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String key = idempotencyKey(ctx);
        ObjectNode request = ctx.body().asString() == null || ctx.body().asString().isBlank()
                ? SandboxJson.MAPPER.createObjectNode()
                : OrderRequest.parse(ctx.body().asString());
        fireTimers();
        ObjectNode body = context.write(state -> PointJson.order(point.refundOrder(state, point.ownOrder(state,
                principal, ctx.pathParam("orderId")), request, key)));
        Replies.json(ctx, 201, body);
    }

    /** The Orders API's {@code X-Idempotency-Key}: required, at most 128 characters. */
    private static String idempotencyKey(RoutingContext ctx) {
        List<String> values = ctx.request().headers().getAll("X-Idempotency-Key");
        String key = values.isEmpty() ? null : values.get(values.size() - 1).trim();
        if (key == null || key.isEmpty()) {
            throw PointErrors.orders(400, "empty_required_header", "Missing HTTP header: X-Idempotency-Key");
        }
        if (key.length() > 128) {
            throw PointErrors.orders(400, "invalid_idempotency_key_length",
                    "X-Idempotency-Key length exceeds 128 characters");
        }
        return key;
    }

    private static LocalDate date(String value, String name) {
        if (value == null || value.isBlank()) {
            throw PointErrors.badRequest(name + " is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw PointErrors.badRequest(name + " must be a date, YYYY-MM-DD");
        }
    }

}
