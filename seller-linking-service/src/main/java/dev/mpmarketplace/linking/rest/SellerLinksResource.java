package dev.mpmarketplace.linking.rest;

import java.time.OffsetDateTime;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.linking.service.SellerLinking;
import dev.mpmarketplace.support.problem.ProblemException;

/**
 * Starting a seller's link, from the marketplace's backend only: the answer is a single-use URL, valid a few minutes,
 * to hand to that seller's browser (the shape of Stripe's account links). Nobody can bind a Mercado Pago account to a
 * marketplace reference without the backend's token.
 */
@Path("/sellers/links")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SellerLinksResource {

    private final SellerLinking linking;

    public SellerLinksResource(SellerLinking linking) {
        this.linking = linking;
    }

    /**
     * @param reference the marketplace's own id of the seller (letters, digits, {@code . _ : @ -}; at most 128)
     * @param returnTo where the seller lands after a successful link; one of {@code linking.link.allowed-return-urls}
     */
    public record LinkRequest(String reference, String returnTo) {
    }

    /** @param url the single-use link URL @param expiresAt until when it can be followed */
    public record LinkUrl(String url, OffsetDateTime expiresAt) {
    }

    @POST
    @RolesAllowed(Roles.SELLERS_ADMIN)
    @Operation(summary = "Start linking a marketplace seller: a single-use link URL for the seller's browser")
    public Uni<Response> start(LinkRequest request, SecurityContext security) {
        if (request == null) {
            return Uni.createFrom().failure(ProblemException.badRequest("invalid-reference",
                    "the body must be {\"reference\": ..., \"return_to\": ...}"));
        }
        return linking.invite(request.reference(), request.returnTo(), security.getUserPrincipal().getName())
                .map(invitation -> Response.status(Response.Status.CREATED)
                        .entity(new LinkUrl(invitation.url().toString(), invitation.expiresAt()))
                        .header("Cache-Control", "no-store").build());
    }
}
