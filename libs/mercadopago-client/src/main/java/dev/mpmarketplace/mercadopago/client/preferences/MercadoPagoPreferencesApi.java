package dev.mpmarketplace.mercadopago.client.preferences;

import java.lang.reflect.Method;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.IdempotencyKeyFilter;
import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;

/**
 * Mercado Pago's Checkout Pro preferences API ({@code /checkout/preferences}, reference section 3), answers as the
 * raw JSON text. Use it through {@link MercadoPagoPreferences}, which adds the timeout, the failure classification
 * and the retries. Bodies are JSON text written by the caller (exact decimals).
 */
@RegisterRestClient(configKey = "mercadopago")
@RegisterProvider(IdempotencyKeyFilter.class)
@Path("/checkout/preferences")
public interface MercadoPagoPreferencesApi {

    /** {@code POST /checkout/preferences}: 201 with the preference. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKeyFilter.HEADER) String idempotencyKey, String body);

    /** {@code GET /checkout/preferences/{id}}; an unknown or another collector's id is 400 {@code invalid_id}. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    /** {@code PUT /checkout/preferences/{id}}: the top-level fields sent replace the preference's. */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> update(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id,
            String body);

    /** {@code GET /checkout/preferences/search}: {@code {"elements":[summary...],"next_offset":N,"total":M}}. */
    @GET
    @Path("/search")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> search(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("external_reference") String externalReference, @QueryParam("limit") Integer limit,
            @QueryParam("offset") Integer offset);

    @ClientExceptionMapper
    static RuntimeException toException(Response response, Method method) {
        return MercadoPagoErrors.fromResponse(operation(method.getName()), response);
    }

    /** The operation a method of this interface performs, as failures name it. */
    static String operation(String method) {
        return switch (method) {
            case "create" -> MercadoPagoPreferences.CREATE;
            case "get" -> MercadoPagoPreferences.GET;
            case "update" -> MercadoPagoPreferences.UPDATE;
            case "search" -> MercadoPagoPreferences.SEARCH;
            default -> "/checkout/preferences";
        };
    }
}
