package dev.mpmarketplace.payment.rest;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.payment.service.CheckoutPreferences;
import dev.mpmarketplace.payment.service.PaymentRequests;
import dev.mpmarketplace.payment.service.PreferenceRequests;
import dev.mpmarketplace.support.context.CallerContext;
import dev.mpmarketplace.support.problem.Problem;

/**
 * Checkout Pro preferences for linked sellers: the buyer pays on the preference's {@code init_point}; the payment
 * reaches the platform through its notification and is linked to the preference by its external reference.
 */
@Path("/preferences")
@Tag(name = "Preferences")
@SecurityRequirement(name = "SecurityScheme")
public class PreferenceResource {

    private final CheckoutPreferences preferences;

    public PreferenceResource(CheckoutPreferences preferences) {
        this.preferences = preferences;
    }

    @POST
    @RolesAllowed(Roles.PAYMENTS_WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Create a Checkout Pro preference for a linked seller", description = "Mercado Pago's own "
            + "preference fields (items, payer, marketplace_fee, back_urls, auto_return, expires, "
            + "expiration_date_from/to, ...) plus seller_id; external_reference is the platform's preference id. The "
            + "same Idempotency-Key with the same request answers the first result; with another request 409.")
    @APIResponse(responseCode = "201", description = "Created: init_point and sandbox_init_point")
    @APIResponse(responseCode = "202", description = "The outcome is unknown for now: repeat the request with the "
            + "same Idempotency-Key to resolve it")
    @APIResponse(responseCode = "400", description = "invalid-request, idempotency-key-missing")
    @APIResponse(responseCode = "409", description = "idempotency-key-reused, request-in-progress, seller-not-linked")
    @APIResponse(responseCode = "422", description = "mercadopago-refused: mercadopago_error is Mercado Pago's key "
            + "(invalid_items, invalid_marketplace_fee, invalid_back_urls, invalid_auto_return, ...)")
    @APIResponse(responseCode = "503", description = "mercadopago-unavailable: nothing happened; retry")
    public Uni<Response> create(
            @Parameter(description = "1 to 255 visible ASCII characters") @HeaderParam(PaymentResource.IDEMPOTENCY_KEY) String key,
            JsonNode body) {
        String idempotencyKey = PaymentRequests.idempotencyKey(key);
        var request = PreferenceRequests.read(body);
        return CallerContext.detached(() -> preferences.create(request, idempotencyKey)).map(created -> {
            Response.ResponseBuilder response = Response.status(created.pending() ? 202 : 201)
                    .location(URI.create("/preferences/" + created.preference().id()))
                    .entity(PreferenceView.of(created.preference(), null));
            if (created.replayed()) {
                response.header(PaymentResource.REPLAYED, "true");
            }
            return response.build();
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.PAYMENTS_READ)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "A preference, Mercado Pago's last answer about it and the payments made on its checkout page")
    @APIResponse(responseCode = "200", description = "The preference")
    @APIResponse(responseCode = "404", description = "preference-not-found")
    public Uni<PreferenceView> preference(@PathParam("id") String id) {
        return preferences.find(PreferenceRequests.preferenceId(id))
                .map(found -> PreferenceView.of(found.preference(), found.payments()));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.PAYMENTS_WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Update a preference", description = "The top-level fields sent replace the preference's "
            + "(sending payer replaces the whole payer); repeating an update is harmless.")
    @APIResponse(responseCode = "200", description = "The preference after the update")
    @APIResponse(responseCode = "400", description = "invalid-request")
    @APIResponse(responseCode = "404", description = "preference-not-found")
    @APIResponse(responseCode = "409", description = "preference-not-created, seller-not-linked")
    @APIResponse(responseCode = "422", description = "mercadopago-refused, with Mercado Pago's error key")
    @APIResponse(responseCode = "503", description = "mercadopago-unavailable")
    @APIResponse(responseCode = "504", description = "mercadopago-outcome-unknown: repeat the update")
    public Uni<PreferenceView> update(@PathParam("id") String id, JsonNode body) {
        var preferenceId = PreferenceRequests.preferenceId(id);
        var fields = PreferenceRequests.readUpdate(body);
        return CallerContext.detached(() -> preferences.update(preferenceId, fields))
                .map(found -> PreferenceView.of(found.preference(), found.payments()));
    }
}
