package dev.mpmarketplace.linking.rest;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.linking.config.LinkingConfig;
import dev.mpmarketplace.linking.service.LinkRefusedException;
import dev.mpmarketplace.linking.service.SellerLinking;

/**
 * What the seller's browser sees, public on purpose (docs/services/seller-linking-service.md): the single-use link
 * URL the marketplace's backend obtained from {@code POST /sellers/links}, which redirects to Mercado Pago's consent
 * page, and the two default landing pages. The redirect back is {@link OAuthCallbackResource}.
 */
@Path("/sellers/link")
@PermitAll
public class SellerLinkResource {

    private final SellerLinking linking;
    private final LinkingConfig config;

    public SellerLinkResource(SellerLinking linking, LinkingConfig config) {
        this.linking = linking;
        this.config = config;
    }

    @GET
    @Path("{token: [A-Za-z0-9_-]{43}}")
    @Operation(summary = "Follow a single-use link URL: 302 to Mercado Pago's consent page (public)")
    public Uni<Response> follow(@PathParam("token") String token) {
        return linking.follow(token)
                .map(url -> redirect(url))
                .onFailure(LinkRefusedException.class).recoverWithItem(refused -> redirect(URI.create(
                        config.link().failureUrl() + (config.link().failureUrl().contains("?") ? "&" : "?")
                                + "reason=" + ((LinkRefusedException) refused).reason())));
    }

    @GET
    @Path("success")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Default landing page after a successful link (public)")
    public String success() {
        return page("Account linked",
                "Your Mercado Pago account is linked to the marketplace. You can close this page.",
                "linked");
    }

    @GET
    @Path("failed")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Default landing page after a denied or failed link (public)")
    public String failed() {
        return page("Account not linked",
                "Your Mercado Pago account was not linked. You can start again from the marketplace.",
                "not-linked");
    }

    private static Response redirect(URI location) {
        return Response.status(Response.Status.FOUND).location(location).header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer").build();
    }

    private static String page(String title, String text, String id) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head><body><h1 id=\"" + id + "\">" + title + "</h1><p>" + text + "</p></body></html>";
    }
}
