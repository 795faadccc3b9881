package dev.mpmarketplace.sandbox.mercadopago.webhooks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.Replies;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;

/**
 * The webhooks part of the control API (no token): the deliveries and their attempts, replay, flush, and emitting an
 * arbitrary signed notification.
 */
final class WebhooksControl {

    private static final Set<String> STATUSES = Set.of(WebhookDelivery.PENDING, WebhookDelivery.DELIVERED,
            WebhookDelivery.FAILED, WebhookDelivery.DROPPED, WebhookDelivery.UNDELIVERABLE);
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 1000;

    private final WebhookDispatcher dispatcher;
    private final SandboxContext context;

    WebhooksControl(WebhookDispatcher dispatcher, SandboxContext context) {
        this.dispatcher = dispatcher;
        this.context = context;
    }

    void register(Router router) {
        router.get("/sandbox/webhooks/deliveries").handler(this::list);
        router.get("/sandbox/webhooks/deliveries/:id").handler(this::get);
        router.post("/sandbox/webhooks/deliveries/:id/replay").handler(this::replay);
        router.post("/sandbox/webhooks/flush").handler(this::flush);
        router.post("/sandbox/webhooks/test").handler(this::test);
    }

    /** Filters {@code type}, {@code status}, {@code user_id}, {@code data_id}; newest first; limit and offset. */
    private void list(RoutingContext ctx) {
        MultiMap query = ctx.queryParams();
        String type = query.get("type");
        String status = query.get("status");
        if (status != null && !STATUSES.contains(status)) {
            throw invalid("status must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        Long userId = query.get("user_id") == null ? null : number(query.get("user_id"), "user_id", 0);
        String dataId = query.get("data_id");
        int limit = query.get("limit") == null ? DEFAULT_LIMIT : (int) number(query.get("limit"), "limit", 1);
        if (limit > MAX_LIMIT) {
            throw invalid("limit must be at most " + MAX_LIMIT);
        }
        long offset = query.get("offset") == null ? 0 : number(query.get("offset"), "offset", 0);
        ObjectNode body = context.read(state -> {
            List<WebhookDelivery> matching = new ArrayList<>();
            for (WebhookDelivery delivery : state.webhooks.deliveries.values()) {
                if ((type == null || type.equals(delivery.type)) && (status == null || status.equals(delivery.status))
                        && (userId == null || userId == delivery.userId)
                        && (dataId == null || dataId.equals(delivery.dataId))) {
                    matching.add(delivery);
                }
            }
            Collections.reverse(matching);
            ObjectNode page = SandboxJson.MAPPER.createObjectNode();
            page.putObject("paging").put("total", matching.size()).put("limit", limit).put("offset", offset);
            ArrayNode results = page.putArray("results");
            matching.stream().skip(offset).limit(limit).forEach(d -> results.add(deliveryJson(d)));
            return page;
        });
        Replies.json(ctx, 200, body);
    }

    private void get(RoutingContext ctx) {
        ObjectNode body = context.read(state -> deliveryJson(existing(state.webhooks.deliveries.get(
                ctx.pathParam("id")))));
        Replies.json(ctx, 200, body);
    }

    private void replay(RoutingContext ctx) {
        ObjectNode body = context.write(state -> deliveryJson(dispatcher.replay(state,
                existing(state.webhooks.deliveries.get(ctx.pathParam("id"))))));
        dispatcher.kick();
        Replies.json(ctx, 201, body);
    }

    private void flush(RoutingContext ctx) {
        int pending = context.write(dispatcher::flush);
        dispatcher.kick();
        Replies.json(ctx, 200, SandboxJson.MAPPER.createObjectNode().put("pending", pending));
    }

    /**
     * {@code {"client_id", "type", "action", "data_id", "user_id", "notification_url"?, "status"?}}: a notification
     * as Mercado Pago would send it, through the same queue, signing, retries and fault rules as any other.
     */
    private void test(RoutingContext ctx) {
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        String type = required(request, "type");
        String action = required(request, "action");
        String dataId = required(request, "data_id");
        String userIdText = required(request, "user_id");
        long userId = number(userIdText, "user_id", 0);
        String clientId = SandboxJson.text(request, "client_id");
        String notificationUrl = SandboxJson.text(request, "notification_url");
        String status = SandboxJson.text(request, "status");
        if (notificationUrl != null && !notificationUrl.startsWith("http://")
                && !notificationUrl.startsWith("https://")) {
            throw invalid("notification_url must be an http(s) URL");
        }
        if (clientId == null && notificationUrl == null) {
            throw invalid("give client_id (whose webhook URL and secret are used) or notification_url");
        }
        ObjectNode body = context.write(state -> {
            if (clientId != null && !state.oauth.applications.containsKey(clientId)) {
                throw ApiError.notFound(404, "application not found");
            }
            List<WebhookDelivery> deliveries = dispatcher.enqueue(state,
                    new Notification(type, action, dataId, userId, clientId, notificationUrl), status);
            ObjectNode json = SandboxJson.MAPPER.createObjectNode();
            json.put("notification_id", deliveries.get(0).notificationId);
            ArrayNode list = json.putArray("deliveries");
            deliveries.forEach(d -> list.add(deliveryJson(d)));
            return json;
        });
        dispatcher.kick();
        Replies.json(ctx, 201, body);
    }

    static ObjectNode deliveryJson(WebhookDelivery delivery) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", delivery.id);
        json.put("status", delivery.status);
        json.put("format", delivery.format.name().toLowerCase(Locale.ROOT));
        json.put("notification_id", delivery.notificationId);
        json.put("type", delivery.type);
        json.put("action", delivery.action);
        json.put("data_id", delivery.dataId);
        json.put("user_id", delivery.userId);
        json.put("client_id", delivery.clientId);
        json.put("signed", delivery.signed());
        json.put("target", delivery.target);
        json.put("notification_url", delivery.notificationUrl);
        json.put("created_at", SandboxJson.timestamp(delivery.createdAt));
        json.put("next_attempt_at",
                delivery.nextAttemptAt == null ? null : SandboxJson.timestamp(delivery.nextAttemptAt));
        json.put("held", delivery.heldBy != null);
        json.put("replay_of", delivery.replayOf);
        json.put("duplicate_of", delivery.duplicateOf);
        json.put("note", delivery.note);
        json.set("notification", parse(delivery.payload));
        ArrayNode attempts = json.putArray("attempts");
        for (WebhookAttempt attempt : delivery.attempts) {
            ObjectNode entry = attempts.addObject();
            entry.put("number", attempt.number);
            entry.put("at", SandboxJson.timestamp(attempt.at));
            entry.put("request_id", attempt.requestId);
            entry.put("url", attempt.url);
            entry.put("x_signature", attempt.signature);
            if (attempt.statusCode == null) {
                entry.putNull("status_code");
            } else {
                entry.put("status_code", attempt.statusCode);
            }
            entry.put("error", attempt.error);
            entry.put("duration_ms", attempt.durationMs);
            entry.put("timeout_ms", attempt.timeoutMs);
        }
        return json;
    }

    private static JsonNode parse(String payload) {
        try {
            return SandboxJson.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new IllegalStateException("a stored webhook body is not JSON", e);
        }
    }

    private static WebhookDelivery existing(WebhookDelivery delivery) {
        if (delivery == null) {
            throw ApiError.notFound(404, "delivery not found");
        }
        return delivery;
    }

    private static String required(JsonNode request, String field) {
        String value = SandboxJson.text(request, field);
        if (value == null || value.isBlank()) {
            throw invalid(field + " is required");
        }
        return value;
    }

    private static long number(String text, String field, long min) {
        try {
            long value = Long.parseLong(text.trim());
            if (value < min) {
                throw invalid(field + " must be at least " + min);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(field + " must be a number");
        }
    }

    private static ApiError invalid(String message) {
        return ApiError.keyed("invalid_request", message);
    }
}
