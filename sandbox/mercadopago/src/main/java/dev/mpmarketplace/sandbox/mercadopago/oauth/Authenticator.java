package dev.mpmarketplace.sandbox.mercadopago.oauth;

import io.vertx.ext.web.RoutingContext;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;

/**
 * Resolves the bearer token of a request ({@code Authorization: Bearer ...}, or the legacy {@code access_token} query
 * parameter) to the {@link Principal} it acts as; a missing, unknown, expired or revoked token is a 401 envelope.
 */
public final class Authenticator {

    private final SandboxContext context;

    public Authenticator(SandboxContext context) {
        this.context = context;
    }

    public Principal authenticate(RoutingContext ctx) {
        String token = bearer(ctx);
        if (token == null) {
            throw ApiError.missingToken();
        }
        return context.read(state -> {
            IssuedToken issued = state.oauth.tokens.get(token);
            if (issued == null || issued.revoked || !context.clock().instant().isBefore(issued.expiresAt)) {
                throw ApiError.invalidToken();
            }
            return new Principal(issued.userId, issued.clientId, issued.kind);
        });
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null) {
            String trimmed = header.trim();
            if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7) && trimmed.length() > 7) {
                return trimmed.substring(7).trim();
            }
            return null;
        }
        String query = ctx.request().getParam("access_token");
        return query == null || query.isBlank() ? null : query;
    }
}
