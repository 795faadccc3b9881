package dev.mpmarketplace.sandbox.mercadopago.control;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.SandboxModule;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.Replies;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Application;
import dev.mpmarketplace.sandbox.mercadopago.oauth.AuthorizationCode;
import dev.mpmarketplace.sandbox.mercadopago.oauth.IssuedToken;
import dev.mpmarketplace.sandbox.mercadopago.oauth.OAuthModule;
import dev.mpmarketplace.sandbox.mercadopago.oauth.OAuthService;
import dev.mpmarketplace.sandbox.mercadopago.oauth.SandboxUser;

/**
 * The control API under {@code /sandbox/*} (docs/sandbox.md): applications, users, OAuth shortcuts, revocation by the
 * seller, the grants issued, the clock and reset. It needs no token: it is the test's hand, not Mercado Pago's API.
 */
public final class ControlModule implements SandboxModule {

    private final Runnable reset;
    private SandboxContext context;
    private OAuthService oauth;

    /** @param reset replaces the state with a fresh (seeded) one */
    public ControlModule(Runnable reset) {
        this.reset = reset;
    }

    @Override
    public void register(Router router, SandboxContext sandbox) {
        this.context = sandbox;
        this.oauth = new OAuthService(sandbox);
        router.get("/sandbox/applications").handler(this::listApplications);
        router.post("/sandbox/applications").handler(this::createApplication);
        router.patch("/sandbox/applications/:clientId").handler(this::updateApplication);
        router.post("/sandbox/applications/:clientId/webhook-secret").handler(this::rotateWebhookSecret);
        router.get("/sandbox/users").handler(this::listUsers);
        router.post("/sandbox/users").handler(this::createUser);
        router.post("/sandbox/users/:userId/revocations").handler(this::revoke);
        router.post("/sandbox/authorizations").handler(this::authorize);
        router.get("/sandbox/grants").handler(this::grants);
        router.get("/sandbox/clock").handler(this::clock);
        router.post("/sandbox/clock").handler(this::advanceClock);
        router.post("/sandbox/reset").handler(ctx -> {
            reset.run();
            Replies.json(ctx, 200, SandboxJson.MAPPER.createObjectNode().put("reset", true));
        });
    }

    private void listApplications(RoutingContext ctx) {
        ArrayNode body = context.read(state -> {
            ArrayNode apps = SandboxJson.MAPPER.createArrayNode();
            state.oauth.applications.values().forEach(app -> apps.add(applicationJson(app)));
            return apps;
        });
        Replies.json(ctx, 200, body);
    }

    /** Exactly the shape other tools rely on. */
    private static ObjectNode applicationJson(Application app) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("client_id", app.clientId);
        json.put("client_secret", app.clientSecret);
        json.put("webhook_secret", app.webhookSecret);
        ArrayNode uris = json.putArray("redirect_uris");
        app.redirectUris.forEach(uris::add);
        json.put("webhook_url", app.webhookUrl);
        return json;
    }

    private void createApplication(RoutingContext ctx) {
        ObjectNode request = SandboxJson.object(ctx.body().asString(), true);
        List<String> redirectUris = strings(request, "redirect_uris");
        boolean pkce = request.path("pkce_required").asBoolean(false);
        String webhookUrl = SandboxJson.text(request, "webhook_url");
        String name = SandboxJson.text(request, "name");
        String owner = SandboxJson.text(request, "owner_user_id");
        Application app = context.write(state -> {
            long ownerId;
            if (owner != null) {
                ownerId = parseId(owner);
                if (!state.oauth.users.containsKey(ownerId)) {
                    throw ApiError.notFound(404, "owner_user_id not found");
                }
            } else {
                ownerId = oauth.createUser(state, "seller", null, null, null).id;
            }
            return oauth.createApplication(state, name, ownerId, redirectUris, webhookUrl, pkce);
        });
        ObjectNode body = applicationJson(app);
        body.put("name", app.name);
        body.put("owner_user_id", app.ownerUserId);
        body.put("pkce_required", app.pkceRequired);
        Replies.json(ctx, 201, body);
    }

    private void updateApplication(RoutingContext ctx) {
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        ObjectNode body = context.write(state -> {
            Application app = application(state.oauth.applications.get(ctx.pathParam("clientId")));
            if (request.has("webhook_url")) {
                app.webhookUrl = SandboxJson.text(request, "webhook_url");
            }
            if (request.has("redirect_uris")) {
                app.redirectUris = strings(request, "redirect_uris");
            }
            if (request.has("pkce_required")) {
                app.pkceRequired = request.path("pkce_required").asBoolean();
            }
            return applicationJson(app);
        });
        Replies.json(ctx, 200, body);
    }

    private void rotateWebhookSecret(RoutingContext ctx) {
        ObjectNode body = context.write(state -> {
            Application app = application(state.oauth.applications.get(ctx.pathParam("clientId")));
            String previous = app.webhookSecret;
            app.webhookSecret = context.randomHex(64);
            ObjectNode json = applicationJson(app);
            json.put("previous_webhook_secret", previous);
            return json;
        });
        Replies.json(ctx, 200, body);
    }

    private void listUsers(RoutingContext ctx) {
        ArrayNode body = context.read(state -> {
            ArrayNode users = SandboxJson.MAPPER.createArrayNode();
            state.oauth.users.values().forEach(u -> users.add(userJson(u)));
            return users;
        });
        Replies.json(ctx, 200, body);
    }

    private static ObjectNode userJson(SandboxUser user) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", user.id);
        json.put("nickname", user.nickname);
        json.put("email", user.email);
        json.put("role", user.role);
        json.put("access_token", user.accessToken);
        return json;
    }

    private void createUser(RoutingContext ctx) {
        ObjectNode request = SandboxJson.object(ctx.body().asString(), true);
        String role = SandboxJson.text(request, "role");
        if (role == null) {
            role = "seller";
        }
        if (!role.equals("seller") && !role.equals("buyer")) {
            throw ApiError.keyed("invalid_role", "role must be seller or buyer");
        }
        String finalRole = role;
        SandboxUser user = context.write(state -> oauth.createUser(state, finalRole,
                SandboxJson.text(request, "nickname"), SandboxJson.text(request, "email"),
                SandboxJson.text(request, "site_id")));
        Replies.json(ctx, 201, userJson(user));
    }

    private void revoke(RoutingContext ctx) {
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        long userId = parseId(ctx.pathParam("userId"));
        int revoked = context.write(state -> {
            Application app = application(state.oauth.applications.get(SandboxJson.text(request, "client_id")));
            if (!state.oauth.users.containsKey(userId)) {
                throw ApiError.notFound(404, "user not found");
            }
            return oauth.revoke(state, app, userId);
        });
        Replies.json(ctx, 200, SandboxJson.MAPPER.createObjectNode().put("revoked_tokens", revoked));
    }

    private void authorize(RoutingContext ctx) {
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        String redirectUri = SandboxJson.text(request, "redirect_uri");
        String location = context.write(state -> {
            Application app = oauth.checkAuthorizationRequest(state, SandboxJson.text(request, "client_id"), "code",
                    redirectUri, SandboxJson.text(request, "code_challenge"),
                    SandboxJson.text(request, "code_challenge_method"));
            AuthorizationCode code = oauth.approve(state, app, parseId(SandboxJson.text(request, "user_id")),
                    redirectUri, SandboxJson.text(request, "code_challenge"),
                    SandboxJson.text(request, "code_challenge_method"));
            return OAuthModule.withParams(redirectUri, "code", code.code, "state", SandboxJson.text(request, "state"));
        });
        Replies.json(ctx, 200, SandboxJson.MAPPER.createObjectNode().put("redirect_to", location));
    }

    /**
     * Read-only: the OAuth grants issued, per seller and application ({@code ?client_id=}, {@code ?user_id=} narrow
     * it), counted from the tokens themselves: every OAuth token came from one grant, and a token whose refresh token
     * was used gave rise to exactly one {@code refresh_token} grant; {@code refresh_token_reused} counts the refresh
     * grants refused because their refresh token had been used already. No token in the answer.
     */
    private void grants(RoutingContext ctx) {
        String clientId = ctx.queryParams().get("client_id");
        String userParam = ctx.queryParams().get("user_id");
        Long userId = userParam == null ? null : parseId(userParam);
        ArrayNode body = context.read(state -> {
            Map<GrantHolder, long[]> counts = new TreeMap<>(GrantHolder.ORDER);
            for (IssuedToken token : state.oauth.tokens.values()) {
                if (token.kind != IssuedToken.Kind.OAUTH || (clientId != null && !clientId.equals(token.clientId))
                        || (userId != null && token.userId != userId)) {
                    continue;
                }
                long[] issuedAndRefreshed = counts.computeIfAbsent(new GrantHolder(token.userId, token.clientId),
                        holder -> new long[3]);
                issuedAndRefreshed[0]++;
                if (token.refreshTokenUsed) {
                    issuedAndRefreshed[1]++;
                }
                issuedAndRefreshed[2] += token.refreshTokenReuses;
            }
            ArrayNode grants = SandboxJson.MAPPER.createArrayNode();
            counts.forEach((holder, issuedAndRefreshed) -> grants.addObject()
                    .put("user_id", holder.userId())
                    .put("client_id", holder.clientId())
                    .put("authorization_code", issuedAndRefreshed[0] - issuedAndRefreshed[1])
                    .put("refresh_token", issuedAndRefreshed[1])
                    .put("refresh_token_reused", issuedAndRefreshed[2]));
            return grants;
        });
        Replies.json(ctx, 200, body);
    }

    private record GrantHolder(long userId, String clientId) {
        static final Comparator<GrantHolder> ORDER = Comparator.comparingLong(GrantHolder::userId)
                .thenComparing(GrantHolder::clientId);
    }

    private void clock(RoutingContext ctx) {
        Replies.json(ctx, 200, clockJson());
    }

    /** {@code {"advance": "P150D"}} (ISO-8601 duration) or {@code {"advance_seconds": 90}}. */
    private void advanceClock(RoutingContext ctx) {
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        Duration by;
        try {
            if (request.hasNonNull("advance")) {
                by = Duration.parse(request.get("advance").asText());
            } else if (request.path("advance_seconds").canConvertToLong()) {
                by = Duration.ofSeconds(request.get("advance_seconds").asLong());
            } else {
                throw ApiError.keyed("invalid_request", "give advance (ISO-8601 duration) or advance_seconds");
            }
            context.update(state -> context.clock().advance(by));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw ApiError.keyed("invalid_request", "advance must be a positive ISO-8601 duration such as P150D");
        }
        context.clockAdvanced();
        Replies.json(ctx, 200, clockJson());
    }

    private ObjectNode clockJson() {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("now", SandboxJson.timestamp(context.clock().instant()));
        json.put("offset_seconds", context.clock().offset().toSeconds());
        return json;
    }

    private static Application application(Application app) {
        if (app == null) {
            throw ApiError.notFound(404, "application not found");
        }
        return app;
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException | NullPointerException e) {
            throw ApiError.keyed("invalid_request", "user ids are numbers");
        }
    }

    private static List<String> strings(JsonNode request, String field) {
        List<String> values = new ArrayList<>();
        JsonNode array = request.get(field);
        if (array != null && array.isArray()) {
            array.forEach(v -> values.add(v.asText()));
        } else if (array != null && !array.isNull()) {
            throw ApiError.keyed("invalid_request", field + " must be an array of strings");
        }
        return values;
    }
}
