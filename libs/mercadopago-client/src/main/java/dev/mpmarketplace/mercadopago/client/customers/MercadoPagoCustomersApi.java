package dev.mpmarketplace.mercadopago.client.customers;

import java.lang.reflect.Method;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
 * Mercado Pago's Customers and Cards API ({@code /v1/customers}, reference section 4), answers as the raw JSON text.
 * Use it through {@link MercadoPagoCustomers}.
 */
@RegisterRestClient(configKey = "mercadopago")
@RegisterProvider(IdempotencyKeyFilter.class)
@Path("/v1/customers")
public interface MercadoPagoCustomersApi {

    /** {@code POST /v1/customers}: 201 with the customer; 400 cause 101 for an e-mail the seller already has. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKeyFilter.HEADER) String idempotencyKey, String body);

    /** {@code GET /v1/customers/search}: {@code {"paging":{...},"results":[customer...]}}. */
    @GET
    @Path("/search")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> search(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("email") String email, @QueryParam("limit") Integer limit,
            @QueryParam("offset") Integer offset);

    /** {@code GET /v1/customers/{id}}. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    /** {@code GET /v1/customers/{id}/cards}: a bare array of cards. */
    @GET
    @Path("/{id}/cards")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> cards(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    /** {@code POST /v1/customers/{id}/cards} {@code {"token": ...}}: 201 the card, 200 the card it already had. */
    @POST
    @Path("/{id}/cards")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> saveCard(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKeyFilter.HEADER) String idempotencyKey, @PathParam("id") String id,
            String body);

    /** {@code DELETE /v1/customers/{id}/cards/{card_id}}: 200 the deleted card. */
    @DELETE
    @Path("/{id}/cards/{cardId}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> deleteCard(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id,
            @PathParam("cardId") String cardId);

    @ClientExceptionMapper
    static RuntimeException toException(Response response, Method method) {
        return MercadoPagoErrors.fromResponse(operation(method.getName()), response);
    }

    /** The operation a method of this interface performs, as failures name it. */
    static String operation(String method) {
        return switch (method) {
            case "create" -> MercadoPagoCustomers.CREATE;
            case "search" -> MercadoPagoCustomers.SEARCH;
            case "get" -> MercadoPagoCustomers.GET;
            case "cards" -> MercadoPagoCustomers.CARDS;
            case "saveCard" -> MercadoPagoCustomers.SAVE_CARD;
            case "deleteCard" -> MercadoPagoCustomers.DELETE_CARD;
            default -> "/v1/customers";
        };
    }
}
