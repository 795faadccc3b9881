package dev.mpmarketplace.sandbox.mercadopago.faults;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.SandboxModule;
import dev.mpmarketplace.sandbox.mercadopago.http.AnswerHook;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.Replies;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.point.PointErrors;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;

/**
 * Fault injection (docs/sandbox/faults.md): the rules API under {@code /sandbox/faults} and the router handler that
 * applies the rules to requests to the simulated Mercado Pago API. Installed right after the body handler, it sees
 * every request first; requests to the control API ({@code /sandbox} and below) are never touched, whatever the
 * rules say. Webhook-side rules are applied by the dispatcher through {@link WebhookFaults}.
 */
public final class FaultInjector implements Handler<RoutingContext>, SandboxModule {

    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final long MAX_LATENCY_MS = 600_000;
    private static final int DEFAULT_RETRY_AFTER_SECONDS = 1;
    /** A lost answer in {@code error} mode: a gateway that lost the upstream's answer. */
    private static final int DEFAULT_LOST_ANSWER_STATUS = 502;

    private final SandboxContext context;

    /**
     * What the rules decided for one request.
     *
     * @param lost the {@code lost_answer} rule that fired, or {@code null}
     */
    private record Verdict(long latencyMs, FaultKind answer, int status, int retryAfterSeconds, FaultRule lost) {
        static final Verdict NONE = new Verdict(0, null, 0, 0, null);
    }

    public FaultInjector(SandboxContext context) {
        this.context = context;
    }

    @Override
    public void register(Router router, SandboxContext sandbox) {
        router.post("/sandbox/faults").handler(this::createRule);
        router.get("/sandbox/faults").handler(this::listRules);
        router.get("/sandbox/faults/:id").handler(this::getRule);
        router.delete("/sandbox/faults/:id").handler(this::deleteRule);
        router.delete("/sandbox/faults").handler(this::deleteAll);
    }

    /** Applies the rules to a request, then lets it through unless a rule answered it. */
    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path == null || isControlApi(path)) {
            ctx.next();
            return;
        }
        String method = ctx.request().method().name();
        // A read first, so that requests no rule concerns do not mark the state for persistence.
        boolean concerned = context.read(state -> state.webhooks.faults.rules.stream()
                .anyMatch(rule -> appliesTo(rule, method, path)));
        Verdict verdict = concerned ? context.write(state -> decide(state, method, path)) : Verdict.NONE;
        if (verdict.latencyMs() > 0) {
            context.vertx().setTimer(verdict.latencyMs(), timer -> answer(ctx, verdict, path));
        } else {
            answer(ctx, verdict, path);
        }
    }

    /** {@code /sandbox} and everything below it: the test's hand, which faults must never reach. */
    static boolean isControlApi(String path) {
        return path.equals("/sandbox") || path.startsWith("/sandbox/");
    }

    /** Counts a rule's hit and uses up one of its {@code times}; an exhausted rule is removed. Under the lock. */
    public static void consume(FaultsState faults, FaultRule rule) {
        rule.hits++;
        if (rule.remaining != null) {
            rule.remaining--;
            if (rule.remaining <= 0) {
                faults.rules.remove(rule);
            }
        }
    }

    /**
     * For an endpoint that consults rules of an {@link FaultKind#endpoint() endpoint kind}: the first rule of that
     * kind, in creation order, that wins its draw ({@code probability}), or {@code null}. It is not counted yet: the
     * endpoint {@link #consume consumes} it once it did what the rule allows, so that {@code hits} and
     * {@code times} count only requests the rule changed. Under the lock.
     */
    public static FaultRule draw(FaultsState faults, FaultKind kind) {
        if (!kind.endpoint()) {
            throw new IllegalArgumentException(kind.wireName() + " is not consulted by an endpoint");
        }
        for (FaultRule rule : faults.rules) {
            if (rule.faultKind() == kind
                    && (rule.probability >= 1.0 || ThreadLocalRandom.current().nextDouble() < rule.probability)) {
                return rule;
            }
        }
        return null;
    }

    private static boolean appliesTo(FaultRule rule, String method, String path) {
        FaultKind kind = rule.faultKind();
        if (kind.webhook() || kind.endpoint()) {
            return false;
        }
        String wanted = rule.method != null ? rule.method : kind == FaultKind.NOT_FOUND_AFTER_NOTIFY ? "GET" : null;
        return (wanted == null || wanted.equals(method)) && PathPattern.of(rule.path).matches(path);
    }

    private Verdict decide(SandboxState state, String method, String path) {
        FaultsState faults = state.webhooks.faults;
        Instant now = context.clock().instant();
        long latency = 0;
        FaultRule answering = null;
        FaultRule lost = null;
        for (FaultRule rule : new ArrayList<>(faults.rules)) {
            FaultKind kind = rule.faultKind();
            if ((answering != null && kind.answers()) || (lost != null && kind == FaultKind.LOST_ANSWER)
                    || !appliesTo(rule, method, path)) {
                continue;
            }
            if (kind == FaultKind.NOT_FOUND_AFTER_NOTIFY && !recentlyNotified(state, rule, path, now)) {
                continue;
            }
            if (rule.probability < 1.0 && ThreadLocalRandom.current().nextDouble() >= rule.probability) {
                continue;
            }
            if (kind == FaultKind.LOST_ANSWER) {
                // Counted only if the request reaches its endpoint: an answering rule may still stop it.
                lost = rule;
                continue;
            }
            consume(faults, rule);
            if (rule.latencyMs != null) {
                latency += rule.latencyMs;
            }
            if (kind.answers()) {
                answering = rule;
            }
        }
        if (answering == null) {
            if (lost != null) {
                consume(faults, lost);
                if (lost.latencyMs != null) {
                    latency += lost.latencyMs;
                }
            }
            return new Verdict(latency, null, 0, 0, lost);
        }
        return new Verdict(latency, answering.faultKind(), answering.status == null ? 500 : answering.status,
                answering.retryAfterSeconds == null ? DEFAULT_RETRY_AFTER_SECONDS : answering.retryAfterSeconds,
                null);
    }

    private static boolean recentlyNotified(SandboxState state, FaultRule rule, String path, Instant now) {
        String id = PathPattern.of(rule.path).resourceId(path);
        Instant notified = id == null ? null : state.webhooks.notifiedAt.get(id);
        return notified != null && now.isBefore(notified.plusMillis(rule.durationMs));
    }

    private static void answer(RoutingContext ctx, Verdict verdict, String path) {
        if (ctx.response().closed() || ctx.response().ended()) {
            return;
        }
        if (verdict.answer() == null) {
            if (verdict.lost() != null) {
                ctx.put(AnswerHook.KEY, lostAnswer(verdict.lost()));
            }
            ctx.next();
            return;
        }
        switch (verdict.answer()) {
            case ERROR -> Replies.json(ctx, verdict.status(), serverError(verdict.status()).body());
            case RATE_LIMIT -> {
                ctx.response().putHeader("Retry-After", Integer.toString(verdict.retryAfterSeconds()));
                Replies.json(ctx, 429,
                        new ApiError(429, "too_many_requests", "Too many requests", List.of()).body());
            }
            case RESET -> ctx.request().connection().close();
            case NOT_FOUND_AFTER_NOTIFY -> Replies.json(ctx, 404, notFound(path).body());
            default -> ctx.next();
        }
    }

    /** What a {@code lost_answer} rule does with the answer, once the endpoint had its effect. */
    private static AnswerHook lostAnswer(FaultRule rule) {
        LostAnswerMode mode = LostAnswerMode.fromWire(rule.mode).orElseThrow();
        int status = rule.status == null ? DEFAULT_LOST_ANSWER_STATUS : rule.status;
        long delayMs = rule.answerDelayMs == null ? 0 : rule.answerDelayMs;
        return (ctx, answer) -> {
            switch (mode) {
                case RESET -> ctx.request().connection().close();
                case ERROR -> Replies.json(ctx, status, serverError(status).body());
                case TIMEOUT -> ctx.vertx().setTimer(delayMs, timer -> answer.run());
                default -> answer.run();
            }
        };
    }

    private static ApiError serverError(int status) {
        return switch (status) {
            case 500 -> new ApiError(500, "internal_server_error", "Internal server error", List.of());
            case 502 -> new ApiError(502, "bad_gateway", "Bad gateway", List.of());
            case 503 -> new ApiError(503, "service_unavailable", "Service unavailable", List.of());
            case 504 -> new ApiError(504, "gateway_timeout", "Gateway timeout", List.of());
            default -> new ApiError(status, "server_error", "Server error", List.of());
        };
    }

    /** The 404 the resource's own API answers for an id it does not know. */
    static ApiError notFound(String path) {
        if (path.startsWith("/v1/payments/")) {
            return ApiError.notFound(2000, "Payment not found");
        }
        if (path.startsWith("/v1/customers/")) {
            return path.contains("/cards/")
                    ? new ApiError(404, "not_found", "Card not found", List.of())
                    : new ApiError(404, "not_found", "Customer not found", List.of());
        }
        if (path.startsWith("/checkout/preferences/")) {
            return new ApiError(404, "invalid_id", "preference_id not found", List.of());
        }
        if (path.startsWith("/merchant_orders/")) {
            return new ApiError(404, "not_found", "Merchant Order not found", List.of());
        }
        if (path.startsWith("/v1/orders/")) {
            return PointErrors.orderNotFound();
        }
        if (path.startsWith("/orders/")) {
            return new ApiError(404, "not_found", "Order not found", List.of());
        }
        if (path.startsWith("/point/integration-api/payment-intents/")) {
            return PointErrors.intentNotFound();
        }
        if (path.startsWith("/point/integration-api/refund/")) {
            return PointErrors.refundNotFound();
        }
        return new ApiError(404, "not_found", "resource not found", List.of());
    }

    private void createRule(RoutingContext ctx) {
        FaultRule rule = parseRule(SandboxJson.object(ctx.body().asString(), false));
        FaultRule created = context.write(state -> {
            FaultsState faults = state.webhooks.faults;
            if (rule.id == null) {
                String id;
                do {
                    id = "fault-" + faults.nextRuleNumber++;
                } while (find(faults, id) != null);
                rule.id = id;
            }
            rule.createdAt = context.clock().instant();
            FaultRule existing = find(faults, rule.id);
            if (existing != null) {
                faults.rules.set(faults.rules.indexOf(existing), rule);
            } else {
                faults.rules.add(rule);
            }
            return rule;
        });
        Replies.json(ctx, 201, ruleJson(created));
    }

    private void listRules(RoutingContext ctx) {
        ArrayNode body = context.read(state -> {
            ArrayNode rules = SandboxJson.MAPPER.createArrayNode();
            state.webhooks.faults.rules.forEach(rule -> rules.add(ruleJson(rule)));
            return rules;
        });
        Replies.json(ctx, 200, body);
    }

    private void getRule(RoutingContext ctx) {
        ObjectNode body = context.read(state -> ruleJson(existing(state.webhooks.faults, ctx.pathParam("id"))));
        Replies.json(ctx, 200, body);
    }

    private void deleteRule(RoutingContext ctx) {
        ObjectNode body = context.write(state -> {
            FaultRule rule = existing(state.webhooks.faults, ctx.pathParam("id"));
            state.webhooks.faults.rules.remove(rule);
            return ruleJson(rule);
        });
        Replies.json(ctx, 200, body);
    }

    private void deleteAll(RoutingContext ctx) {
        int deleted = context.write(state -> {
            int count = state.webhooks.faults.rules.size();
            state.webhooks.faults.rules.clear();
            return count;
        });
        Replies.json(ctx, 200, SandboxJson.MAPPER.createObjectNode().put("deleted", deleted));
    }

    private static FaultRule find(FaultsState faults, String id) {
        return faults.rules.stream().filter(rule -> rule.id.equals(id)).findFirst().orElse(null);
    }

    private static FaultRule existing(FaultsState faults, String id) {
        FaultRule rule = find(faults, id);
        if (rule == null) {
            throw ApiError.notFound(404, "fault rule not found");
        }
        return rule;
    }

    /** Validates a whole rule before anything changes. */
    private static FaultRule parseRule(ObjectNode request) {
        FaultRule rule = new FaultRule();
        String kindName = text(request, "kind");
        FaultKind kind = FaultKind.fromWire(kindName)
                .orElseThrow(() -> invalid("kind must be one of " + FaultKind.wireNames()));
        rule.kind = kind.wireName();
        rule.id = text(request, "id");
        if (rule.id != null && !RULE_ID.matcher(rule.id).matches()) {
            throw invalid("id must be 1 to 64 letters, digits, '_', '.', ':' or '-'");
        }
        rule.probability = request.hasNonNull("probability") ? probability(request.get("probability")) : 1.0;
        Long times = integer(request, "times", 1, Integer.MAX_VALUE);
        rule.times = times == null ? null : times.intValue();
        rule.remaining = rule.times;
        if (kind.endpoint()) {
            for (String field : List.of("path", "method", "latency_ms")) {
                if (request.has(field)) {
                    throw invalid("a " + rule.kind + " rule has no " + field + ": it concerns one endpoint"
                            + " (docs/sandbox/faults.md)");
                }
            }
            return rule;
        }
        if (kind.webhook()) {
            rule.type = text(request, "type");
            rule.action = text(request, "action");
            if (kind == FaultKind.WEBHOOK_OUT_OF_ORDER) {
                Long batch = integer(request, "batch_size", 2, 1000);
                rule.batchSize = batch == null ? WebhookFaults.DEFAULT_BATCH_SIZE : batch.intValue();
                Long hold = integer(request, "hold_ms", 0, MAX_LATENCY_MS);
                rule.holdMs = hold == null ? WebhookFaults.DEFAULT_HOLD_MS : hold;
            }
            return rule;
        }
        rule.path = text(request, "path");
        if (rule.path == null || !(rule.path.equals("*") || rule.path.startsWith("/"))) {
            throw invalid("path must be * or start with /, e.g. /v1/payments/*");
        }
        if (isControlApi(rule.path) || rule.path.startsWith("/sandbox*")) {
            throw invalid("faults never apply to the control API under /sandbox; use * for the whole simulated API");
        }
        String method = text(request, "method");
        if (method != null) {
            rule.method = method.toUpperCase(Locale.ROOT);
            if (!METHODS.contains(rule.method)) {
                throw invalid("method must be one of " + String.join(", ", METHODS.stream().sorted().toList()));
            }
        }
        rule.latencyMs = integer(request, "latency_ms", 0, MAX_LATENCY_MS);
        switch (kind) {
            case LATENCY -> {
                if (rule.latencyMs == null || rule.latencyMs == 0) {
                    throw invalid("a latency rule needs latency_ms > 0");
                }
            }
            case ERROR -> {
                Long status = integer(request, "status", 500, 599);
                rule.status = status == null ? 500 : status.intValue();
            }
            case RATE_LIMIT -> {
                Long retryAfter = integer(request, "retry_after_seconds", 0, 86_400);
                rule.retryAfterSeconds = retryAfter == null ? DEFAULT_RETRY_AFTER_SECONDS : retryAfter.intValue();
            }
            case LOST_ANSWER -> {
                String mode = text(request, "mode");
                LostAnswerMode lostMode = LostAnswerMode.fromWire(mode)
                        .orElseThrow(() -> invalid("a lost_answer rule needs mode: reset, error or timeout"));
                rule.mode = lostMode.wireName();
                if (lostMode == LostAnswerMode.ERROR) {
                    Long status = integer(request, "status", 500, 599);
                    rule.status = status == null ? DEFAULT_LOST_ANSWER_STATUS : status.intValue();
                }
                if (lostMode == LostAnswerMode.TIMEOUT) {
                    rule.answerDelayMs = integer(request, "answer_delay_ms", 1, MAX_LATENCY_MS);
                    if (rule.answerDelayMs == null) {
                        throw invalid("a lost_answer rule in timeout mode needs answer_delay_ms > 0: longer than"
                                + " the caller waits");
                    }
                }
            }
            case NOT_FOUND_AFTER_NOTIFY -> {
                rule.durationMs = integer(request, "duration_ms", 1, 30L * 24 * 3600 * 1000);
                if (rule.durationMs == null) {
                    throw invalid("a not_found_after_notify rule needs duration_ms > 0");
                }
                if (rule.method != null && !rule.method.equals("GET")) {
                    throw invalid("not_found_after_notify applies to GET requests only");
                }
            }
            default -> {
            }
        }
        return rule;
    }

    private static ObjectNode ruleJson(FaultRule rule) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", rule.id);
        json.put("kind", rule.kind);
        putIfSet(json, "path", rule.path);
        putIfSet(json, "method", rule.method);
        if (rule.latencyMs != null) {
            json.put("latency_ms", rule.latencyMs);
        }
        if (rule.status != null) {
            json.put("status", rule.status);
        }
        if (rule.retryAfterSeconds != null) {
            json.put("retry_after_seconds", rule.retryAfterSeconds);
        }
        if (rule.durationMs != null) {
            json.put("duration_ms", rule.durationMs);
        }
        putIfSet(json, "mode", rule.mode);
        if (rule.answerDelayMs != null) {
            json.put("answer_delay_ms", rule.answerDelayMs);
        }
        putIfSet(json, "type", rule.type);
        putIfSet(json, "action", rule.action);
        if (rule.batchSize != null) {
            json.put("batch_size", rule.batchSize);
        }
        if (rule.holdMs != null) {
            json.put("hold_ms", rule.holdMs);
        }
        json.put("probability", rule.probability);
        if (rule.times != null) {
            json.put("times", rule.times);
            json.put("remaining", rule.remaining);
        }
        json.put("hits", rule.hits);
        json.put("created_at", SandboxJson.timestamp(rule.createdAt));
        return json;
    }

    private static void putIfSet(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid(field + " must be a non-empty string");
        }
        return value.asText();
    }

    private static Long integer(JsonNode request, String field, long min, long max) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw invalid(field + " must be an integer from " + min + " to " + max);
        }
        return value.asLong();
    }

    private static double probability(JsonNode value) {
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
            throw invalid("probability must be a number from 0 to 1");
        }
        return value.asDouble();
    }

    private static ApiError invalid(String message) {
        return ApiError.keyed("invalid_request", message);
    }
}
