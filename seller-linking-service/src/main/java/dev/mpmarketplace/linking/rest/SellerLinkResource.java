package dev.mpmarketplace.linking.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.linking.service.SellerLinking;

/** The seller-facing start of linking and the two default landing pages; the redirect back is {@link OAuthCallbackResource}. */
@Path("/sellers/link")
public class SellerLinkResource {

    private final SellerLinking linking;

    public SellerLinkResource(SellerLinking linking) {
        this.linking = linking;
    }

    @GET
    @Operation(summary = "Start linking a seller: 302 to Mercado Pago's consent page")
    public Uni<Response> link(@QueryParam("reference") String reference, @QueryParam("return_to") String returnTo) {
        return linking.start(reference, returnTo)
                .map(url -> Response.status(Response.Status.FOUND).location(url)
                        .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build());
    }

    @GET
    @Path("success")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Default landing page after a successful link")
    public String success() {
        return page("Account linked",
                "Your Mercado Pago account is linked to the marketplace. You can close this page.",
                "linked");
    }

    @GET
    @Path("failed")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Default landing page after a denied or failed link")
    public String failed() {
        return page("Account not linked",
                "Your Mercado Pago account was not linked. You can start again from the marketplace.",
                "not-linked");
    }

    private static String page(String title, String text, String id) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head><body><h1 id=\"" + id + "\">" + title + "</h1><p>" + text + "</p></body></html>";
    }
}
