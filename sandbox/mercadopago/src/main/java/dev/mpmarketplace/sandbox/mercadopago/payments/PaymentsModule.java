package dev.mpmarketplace.sandbox.mercadopago.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.SandboxModule;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.Replies;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.oauth.IssuedToken;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Principal;
import dev.mpmarketplace.sandbox.mercadopago.oauth.SandboxUser;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;

/**
 * Card tokens, payments and refunds over HTTP (docs/sandbox/payments.md):
 * <ul>
 * <li>{@code POST /v1/card_tokens} (public key or bearer; CORS open, as MercadoPago.js calls it from browsers)</li>
 * <li>{@code POST /v1/payments}, {@code GET /v1/payments/search}, {@code GET|PUT /v1/payments/{id}}</li>
 * <li>{@code POST|GET /v1/payments/{id}/refunds}, {@code GET /v1/payments/{id}/refunds/{refund_id}}</li>
 * <li>control: {@code GET|PUT /sandbox/users/{user_id}/balance}, {@code POST /sandbox/payments/{id}/status}</li>
 * </ul>
 * Reads answer the payment's cached bytes, so {@code GET /v1/payments/{id}} costs a map lookup under the lock.
 */
public final class PaymentsModule implements SandboxModule {

    private static final String IDEMPOTENCY_HEADER = "X-Idempotency-Key";
    /** Tells a test whether a create was replayed (the sandbox's own header; Mercado Pago sends none). */
    private static final String REPLAY_HEADER = "X-Sandbox-Idempotency";

    private SandboxContext context;
    private PaymentService payments;
    private CardTokens cardTokens;
    /**
     * Public key to its owner, so MercadoPago.js calls do not scan every token. Entries are checked against the
     * state on use (a reset or a revocation makes them stale), so the cache is never authoritative.
     */
    private final Map<String, KeyOwner> publicKeys = new ConcurrentHashMap<>();

    private record CreateReply(byte[] body, boolean replayed, boolean sameRequest) {
    }

    /** A public key's owner: a user's own key ({@code accessToken == null}) or an issued token's. */
    private record KeyOwner(long userId, String accessToken) {
    }

    @Override
    public void register(Router router, SandboxContext sandbox) {
        this.context = sandbox;
        this.payments = new PaymentService(sandbox);
        this.cardTokens = new CardTokens(sandbox);
        router.route("/v1/card_tokens").handler(ctx -> {
            ctx.response().putHeader("Access-Control-Allow-Origin", "*");
            ctx.next();
        });
        router.options("/v1/card_tokens").handler(ctx -> ctx.response().setStatusCode(204)
                .putHeader("Access-Control-Allow-Methods", "POST, OPTIONS")
                .putHeader("Access-Control-Allow-Headers", "Content-Type, Authorization, X-Product-Id")
                .putHeader("Access-Control-Max-Age", "86400").end());
        router.post("/v1/card_tokens").handler(this::createCardToken);
        router.post("/v1/payments").handler(this::createPayment);
        router.get("/v1/payments/search").handler(this::search);
        router.get("/v1/payments/:id").handler(this::getPayment);
        router.put("/v1/payments/:id").handler(this::updatePayment);
        router.post("/v1/payments/:id/refunds").handler(this::createRefund);
        router.get("/v1/payments/:id/refunds").handler(this::listRefunds);
        router.get("/v1/payments/:id/refunds/:refundId").handler(this::getRefund);
        router.get("/sandbox/users/:userId/balance").handler(this::balance);
        router.put("/sandbox/users/:userId/balance").handler(this::setBalance);
        router.post("/sandbox/payments/:id/status").handler(this::resolve);
    }

    private void createCardToken(RoutingContext ctx) {
        String publicKey = ctx.request().getParam("public_key");
        Principal principal = publicKey == null || publicKey.isBlank()
                ? context.authenticator().authenticate(ctx)
                : null;
        String bearer = principal == null ? null : bearer(ctx);
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        boolean savedCard = request.hasNonNull("card_id");
        CardTokens.CardData card = savedCard ? null : cardTokens.validateCard(request);
        ObjectNode body = context.write(state -> {
            long userId;
            String key;
            if (principal == null) {
                userId = ownerOf(state, publicKey.trim());
                key = publicKey.trim();
            } else {
                userId = principal.userId();
                IssuedToken issued = state.oauth.tokens.get(bearer);
                key = issued != null ? issued.publicKey : null;
            }
            CardToken token = savedCard
                    ? cardTokens.createFromSavedCard(state, userId, key, request)
                    : cardTokens.create(state, userId, key, card);
            return PaymentJson.cardToken(token);
        });
        Replies.json(ctx, 201, body);
    }

    private void createPayment(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String key = idempotencyKey(ctx);
        if (key == null) {
            throw PaymentService.missingIdempotencyKey();
        }
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        PaymentService.Origin origin = new PaymentService.Origin(ctx.request().getHeader("X-Platform-Id"),
                ctx.request().getHeader("X-Integrator-Id"), ctx.request().getHeader("X-Corporation-Id"));
        CreateReply reply = context.write(state -> {
            PaymentService.Created created = payments.create(state, principal, request, key, origin, p -> {
            });
            return new CreateReply(PaymentJson.bytes(created.payment()), created.replayed(), created.sameRequest());
        });
        if (reply.replayed()) {
            ctx.response().putHeader(REPLAY_HEADER, reply.sameRequest() ? "replayed" : "replayed; body-differs");
        }
        send(ctx, 201, reply.body());
    }

    /**
     * The seller's view for the collector's token, the buyer's view for the payer's own token (seed 001), 404
     * {@code 2000} for anyone else, as for an unknown payment.
     */
    private void getPayment(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        long id = paymentId(ctx);
        boolean buyer = context.read(state -> {
            Payment payment = state.payments.payments.get(id);
            return payment != null && payment.collectorId != principal.userId() && payment.payerUserId != null
                    && payment.payerUserId == principal.userId();
        });
        if (!buyer) {
            send(ctx, 200, readOwned(principal.userId(), id, PaymentJson::bytes));
            return;
        }
        byte[] body = context.read(state -> {
            Payment payment = state.payments.payments.get(id);
            return payments.refreshDue(payment) ? null : PaymentJson.write(PaymentJson.buyerView(state, payment));
        });
        if (body == null) {
            body = context.write(state -> {
                Payment payment = state.payments.payments.get(id);
                payments.refresh(state, payment);
                return PaymentJson.write(PaymentJson.buyerView(state, payment));
            });
        }
        send(ctx, 200, body);
    }

    private void search(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        PaymentSearch.Query query = PaymentSearch.parse(ctx.request().params(), context.clock().instant());
        long userId = principal.userId();
        byte[] body = context.read(state -> PaymentSearch.refreshDue(state, payments, userId)
                ? null
                : PaymentSearch.run(state, userId, query));
        if (body == null) {
            body = context.write(state -> {
                PaymentSearch.refreshAll(state, payments, userId);
                return PaymentSearch.run(state, userId, query);
            });
        }
        send(ctx, 200, body);
    }

    private void updatePayment(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        long id = paymentId(ctx);
        ObjectNode request = SandboxJson.object(ctx.body().asString(), true);
        byte[] body = context.write(state -> PaymentJson.bytes(payments.update(state, principal, id, request)));
        send(ctx, 200, body);
    }

    private void createRefund(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        long id = paymentId(ctx);
        String key = idempotencyKey(ctx);
        ObjectNode request = SandboxJson.object(ctx.body().asString(), true);
        ObjectNode body = context.write(
                state -> PaymentJson.refund(payments.refund(state, principal, id, request, key).refund()));
        Replies.json(ctx, 201, body);
    }

    private void listRefunds(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        ArrayNode body = readOwned(principal.userId(), paymentId(ctx), payment -> {
            ArrayNode refunds = SandboxJson.MAPPER.createArrayNode();
            payment.refunds.forEach(r -> refunds.add(PaymentJson.refund(r)));
            return refunds;
        });
        Replies.json(ctx, 200, body);
    }

    private void getRefund(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String refundId = ctx.pathParam("refundId");
        ObjectNode body = readOwned(principal.userId(), paymentId(ctx), payment -> payment.refunds.stream()
                .filter(r -> Long.toString(r.id).equals(refundId)).findFirst().map(PaymentJson::refund)
                .orElseThrow(() -> new ApiError(404, "not_found", "Refund not found", List.of())));
        Replies.json(ctx, 200, body);
    }

    /**
     * Reads the principal's payment under the read lock, or under the write lock when a lazy rule (capture expiry)
     * is due, so plain reads never mark the state for persistence.
     */
    private <T> T readOwned(long userId, long paymentId, Function<Payment, T> reader) {
        Optional<T> read = context.read(state -> {
            Payment payment = state.payments.payment(userId, paymentId);
            if (payment == null) {
                throw PaymentService.paymentNotFound();
            }
            return payments.refreshDue(payment) ? Optional.empty() : Optional.of(reader.apply(payment));
        });
        return read.orElseGet(() -> context.write(state -> reader.apply(payments.owned(state, userId, paymentId))));
    }

    private void balance(RoutingContext ctx) {
        long userId = userId(ctx);
        ObjectNode body = context.read(state -> balanceJson(state, userId));
        Replies.json(ctx, 200, body);
    }

    /** {@code {"balance": 12.5}}: sets a seller's balance, e.g. to 0 to see refunds fail with 2030. */
    private void setBalance(RoutingContext ctx) {
        long userId = userId(ctx);
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        BigDecimal balance = SandboxJson.decimal(request, "balance",
                ApiError.keyed("invalid_request", "balance must be a number"));
        if (balance == null) {
            throw ApiError.keyed("invalid_request", "balance must be a number");
        }
        ObjectNode body = context.write(state -> {
            balanceJson(state, userId);
            state.payments.balances.put(userId, PaymentService.plain(balance));
            return balanceJson(state, userId);
        });
        Replies.json(ctx, 200, body);
    }

    /** {@code {"status": "approved"}} or {@code {"status": "rejected", "status_detail": ...}} for a payment in process. */
    private void resolve(RoutingContext ctx) {
        long id = paymentId(ctx);
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        byte[] body = context.write(state -> PaymentJson.bytes(payments.resolve(state, id,
                SandboxJson.text(request, "status"), SandboxJson.text(request, "status_detail"))));
        send(ctx, 200, body);
    }

    private static ObjectNode balanceJson(SandboxState state, long userId) {
        if (!state.oauth.users.containsKey(userId)) {
            throw ApiError.notFound(404, "user not found");
        }
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("user_id", userId);
        json.put("balance", state.payments.balance(userId));
        return json;
    }

    /**
     * The user whose public key this is: a user's own key or the key issued with an OAuth token that is still
     * valid.
     *
     * @throws ApiError 401 for an unknown key
     */
    private long ownerOf(SandboxState state, String publicKey) {
        Instant now = context.clock().instant();
        KeyOwner cached = publicKeys.get(publicKey);
        if (cached != null && owns(state, cached, publicKey, now)) {
            return cached.userId();
        }
        for (SandboxUser user : state.oauth.users.values()) {
            if (publicKey.equals(user.publicKey)) {
                publicKeys.put(publicKey, new KeyOwner(user.id, null));
                return user.id;
            }
        }
        for (IssuedToken token : state.oauth.tokens.values()) {
            if (publicKey.equals(token.publicKey) && usable(token, now)) {
                publicKeys.put(publicKey, new KeyOwner(token.userId, token.accessToken));
                return token.userId;
            }
        }
        throw new ApiError(401, "unauthorized", "invalid public_key", List.of());
    }

    private static boolean owns(SandboxState state, KeyOwner owner, String publicKey, Instant now) {
        if (owner.accessToken() == null) {
            SandboxUser user = state.oauth.users.get(owner.userId());
            return user != null && publicKey.equals(user.publicKey);
        }
        IssuedToken token = state.oauth.tokens.get(owner.accessToken());
        return token != null && token.userId == owner.userId() && publicKey.equals(token.publicKey)
                && usable(token, now);
    }

    private static boolean usable(IssuedToken token, Instant now) {
        return !token.revoked && token.expiresAt != null && now.isBefore(token.expiresAt);
    }

    /**
     * The idempotency key; with several header lines (sdk-java may add its own random key before the caller's) the
     * last one wins, which is the caller's.
     */
    private static String idempotencyKey(RoutingContext ctx) {
        List<String> values = ctx.request().headers().getAll(IDEMPOTENCY_HEADER);
        for (int i = values.size() - 1; i >= 0; i--) {
            String value = values.get(i).trim();
            if (!value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null) {
            String trimmed = header.trim();
            return trimmed.length() > 7 ? trimmed.substring(7).trim() : null;
        }
        return ctx.request().getParam("access_token");
    }

    private static long paymentId(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw PaymentService.paymentNotFound();
        }
    }

    private static long userId(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("userId"));
        } catch (NumberFormatException e) {
            throw ApiError.notFound(404, "user not found");
        }
    }

    private static void send(RoutingContext ctx, int status, byte[] body) {
        Replies.bytes(ctx, status, body);
    }
}
