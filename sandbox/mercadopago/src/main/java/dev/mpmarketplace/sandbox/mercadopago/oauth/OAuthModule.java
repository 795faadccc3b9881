package dev.mpmarketplace.sandbox.mercadopago.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.SandboxModule;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.Html;
import dev.mpmarketplace.sandbox.mercadopago.http.Replies;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;

/**
 * OAuth and users over HTTP: the seller consent page ({@code GET/POST /authorization}), the token endpoint
 * ({@code POST /oauth/token}, form-encoded or JSON), {@code GET /users/me} and {@code POST /users/test_user}.
 */
public final class OAuthModule implements SandboxModule {

    private SandboxContext context;
    private OAuthService oauth;

    @Override
    public void register(Router router, SandboxContext sandbox) {
        this.context = sandbox;
        this.oauth = new OAuthService(sandbox);
        router.post("/oauth/token").handler(this::token);
        router.get("/authorization").handler(this::consentPage);
        router.post("/authorization").handler(this::decision);
        router.get("/users/me").handler(this::me);
        router.post("/users/test_user").handler(this::createTestUser);
    }

    private void token(RoutingContext ctx) {
        TokenRequest request = tokenRequest(ctx);
        IssuedToken token = context.write(state -> oauth.grant(state, request));
        ObjectNode body = SandboxJson.MAPPER.createObjectNode();
        body.put("access_token", token.accessToken);
        body.put("token_type", "bearer");
        body.put("expires_in", Duration.between(token.issuedAt, token.expiresAt).toSeconds());
        body.put("scope", token.scope);
        body.put("user_id", token.userId);
        if (token.refreshToken != null) {
            body.put("refresh_token", token.refreshToken);
        }
        body.put("public_key", token.publicKey);
        body.put("live_mode", true);
        Replies.json(ctx, 200, body);
    }

    private static TokenRequest tokenRequest(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            MultiMap form = ctx.request().formAttributes();
            return new TokenRequest(form.get("grant_type"), form.get("client_id"), form.get("client_secret"),
                    form.get("code"), form.get("redirect_uri"), form.get("code_verifier"), form.get("refresh_token"));
        }
        ObjectNode json;
        try {
            json = SandboxJson.object(ctx.body().asString(), false);
        } catch (ApiError e) {
            throw ApiError.keyed("invalid_request", "the body must be JSON or form-encoded");
        }
        return new TokenRequest(SandboxJson.text(json, "grant_type"), SandboxJson.text(json, "client_id"),
                SandboxJson.text(json, "client_secret"), SandboxJson.text(json, "code"),
                SandboxJson.text(json, "redirect_uri"), SandboxJson.text(json, "code_verifier"),
                SandboxJson.text(json, "refresh_token"));
    }

    private void consentPage(RoutingContext ctx) {
        MultiMap q = ctx.request().params();
        try {
            String page = context.read(state -> {
                Application app = oauth.checkAuthorizationRequest(state, q.get("client_id"), q.get("response_type"),
                        q.get("redirect_uri"), q.get("code_challenge"), q.get("code_challenge_method"));
                StringBuilder options = new StringBuilder();
                state.oauth.users.values().stream().filter(u -> "seller".equals(u.role)).forEach(u -> options
                        .append("<option value=\"").append(u.id).append("\">").append(Html.escape(u.nickname))
                        .append(" (").append(u.id).append(", ").append(Html.escape(u.email)).append(")</option>"));
                return Html.page("Authorize " + app.name, """
                        <p><strong>%s</strong> asks to access your Mercado Pago account
                        (scopes: offline_access read write).</p>
                        <form method="post" action="/authorization">
                        %s%s%s%s%s
                        <p><label>Log in as seller <select name="user_id" id="user_id">%s</select></label></p>
                        <p><button type="submit" name="decision" value="approve" id="approve">Approve</button>
                        <button type="submit" name="decision" value="deny" id="deny">Deny</button></p>
                        </form>
                        """.formatted(Html.escape(app.name), Html.hidden("client_id", app.clientId),
                        Html.hidden("redirect_uri", q.get("redirect_uri")), Html.hidden("state", q.get("state")),
                        Html.hidden("code_challenge", q.get("code_challenge")),
                        Html.hidden("code_challenge_method", q.get("code_challenge_method")), options));
            });
            Replies.html(ctx, 200, page);
        } catch (ApiError e) {
            Replies.html(ctx, 400, Html.page("Authorization error", "<p id=\"error\">" + Html.escape(e.error())
                    + ": " + Html.escape(e.getMessage()) + "</p>"));
        }
    }

    private void decision(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        String redirectUri = form.get("redirect_uri");
        String state = form.get("state");
        try {
            String location = context.write(s -> {
                Application app = oauth.checkAuthorizationRequest(s, form.get("client_id"), "code", redirectUri,
                        form.get("code_challenge"), form.get("code_challenge_method"));
                if (!"approve".equals(form.get("decision"))) {
                    return withParams(redirectUri, "error", "access_denied", "state", state);
                }
                long userId;
                try {
                    userId = Long.parseLong(form.get("user_id"));
                } catch (NumberFormatException | NullPointerException e) {
                    throw ApiError.keyed("invalid_request", "choose a seller to log in as");
                }
                AuthorizationCode code = oauth.approve(s, app, userId, redirectUri, form.get("code_challenge"),
                        form.get("code_challenge_method"));
                return withParams(redirectUri, "code", code.code, "state", state);
            });
            Replies.redirect(ctx, location);
        } catch (ApiError e) {
            Replies.html(ctx, 400, Html.page("Authorization error", "<p id=\"error\">" + Html.escape(e.error())
                    + ": " + Html.escape(e.getMessage()) + "</p>"));
        }
    }

    private void me(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        ObjectNode body = context.read(state -> userJson(state.oauth.users.get(principal.userId())));
        Replies.json(ctx, 200, body);
    }

    private void createTestUser(RoutingContext ctx) {
        context.authenticator().authenticate(ctx);
        ObjectNode request = SandboxJson.object(ctx.body().asString(), true);
        String siteId = SandboxJson.text(request, "site_id");
        if (siteId != null && !List.of("MLA", "MLB", "MLM", "MLC", "MCO", "MPE", "MLU").contains(siteId)) {
            throw ApiError.badRequest(3004, "invalid site_id");
        }
        String role = "buyer".equals(SandboxJson.text(request, "role")) ? "buyer" : "seller";
        SandboxUser user = context.write(state -> oauth.createUser(state, role, null, null, siteId));
        ObjectNode body = SandboxJson.MAPPER.createObjectNode();
        body.put("id", user.id);
        body.put("nickname", user.nickname);
        body.put("password", user.password);
        body.put("site_status", "active");
        body.put("email", user.email);
        Replies.json(ctx, 201, body);
    }

    static ObjectNode userJson(SandboxUser user) {
        ObjectNode body = SandboxJson.MAPPER.createObjectNode();
        body.put("id", user.id);
        body.put("nickname", user.nickname);
        body.put("email", user.email);
        body.put("site_id", user.siteId);
        body.put("country_id", countryOf(user.siteId));
        body.put("first_name", "Test");
        body.put("last_name", user.nickname);
        body.putArray("tags").add("test_user");
        return body;
    }

    private static String countryOf(String siteId) {
        return switch (siteId) {
            case "MLA" -> "AR";
            case "MLM" -> "MX";
            case "MLC" -> "CL";
            case "MCO" -> "CO";
            case "MPE" -> "PE";
            case "MLU" -> "UY";
            default -> "BR";
        };
    }

    /** Appends query parameters to a redirect URI, skipping absent values. */
    public static String withParams(String uri, String... namesAndValues) {
        StringBuilder out = new StringBuilder(uri);
        char separator = uri.contains("?") ? '&' : '?';
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                continue;
            }
            out.append(separator).append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
            separator = '&';
        }
        return out.toString();
    }
}
