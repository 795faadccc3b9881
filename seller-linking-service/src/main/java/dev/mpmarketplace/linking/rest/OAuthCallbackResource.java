package dev.mpmarketplace.linking.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.linking.service.SellerLinking;

/**
 * Mercado Pago's redirect back (the application's Redirect URL): completes or fails the link. Public on purpose: its
 * single-use, hashed {@code state} is what authenticates it.
 */
@Path("/oauth/callback")
@PermitAll
public class OAuthCallbackResource {

    private final SellerLinking linking;

    public OAuthCallbackResource(SellerLinking linking) {
        this.linking = linking;
    }

    @GET
    @Operation(summary = "Mercado Pago's redirect after the seller approved or denied")
    public Uni<Response> callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error) {
        return linking.complete(code, state, error)
                .map(landing -> Response.status(Response.Status.FOUND).location(landing.location())
                        .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build());
    }

}
