package dev.mpmarketplace.sandbox.mercadopago.preferences;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.SandboxModule;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.Replies;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Principal;

/**
 * Checkout Pro over HTTP (docs/sandbox/preferences.md): {@code POST/GET/PUT /checkout/preferences},
 * {@code GET /checkout/preferences/search}, and the buyer's checkout page ({@code GET /checkout/v1/redirect},
 * {@code POST /checkout/v1/pay}) that pays a preference with a test card.
 */
public final class PreferencesModule implements SandboxModule {

    private SandboxContext context;
    private PreferenceService preferences;

    @Override
    public void register(Router router, SandboxContext sandbox) {
        this.context = sandbox;
        this.preferences = new PreferenceService(sandbox);
        router.post("/checkout/preferences").handler(this::create);
        // Before "/:id", which would otherwise take "search" for an id.
        router.get("/checkout/preferences/search").handler(this::search);
        router.get("/checkout/preferences/:id").handler(this::get);
        router.put("/checkout/preferences/:id").handler(this::update);
        new CheckoutPage(sandbox, preferences).register(router);
    }

    private void create(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        ObjectNode request = SandboxJson.object(ctx.body().asString(), true);
        ObjectNode body = context.write(state -> preferences.json(preferences.create(state, principal, request)));
        Replies.json(ctx, 201, body);
    }

    private void get(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        ObjectNode body = context.read(state -> preferences.json(preferences.find(state, principal,
                ctx.pathParam("id"))));
        Replies.json(ctx, 200, body);
    }

    private void update(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        ObjectNode changes = SandboxJson.object(ctx.body().asString(), true);
        ObjectNode body = context.write(state -> preferences.json(preferences.update(state, principal,
                ctx.pathParam("id"), changes)));
        Replies.json(ctx, 200, body);
    }

    private void search(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", PreferenceService.DEFAULT_LIMIT, 1, PreferenceService.MAX_LIMIT);
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : PreferenceService.SEARCH_FILTERS) {
            String value = ctx.request().getParam(name);
            if (value != null) {
                filters.put(name, value);
            }
        }
        ObjectNode body = context.read(state -> preferences.search(state, principal, filters, offset, limit));
        Replies.json(ctx, 200, body);
    }

    private static int intParam(RoutingContext ctx, String name, int absent, int min, int max) {
        String value = ctx.request().getParam(name);
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Answered below like an out-of-range value.
        }
        throw ApiError.keyed("bad_request", name + " invalid. Should be a number between " + min + " and " + max
                + ".");
    }
}
