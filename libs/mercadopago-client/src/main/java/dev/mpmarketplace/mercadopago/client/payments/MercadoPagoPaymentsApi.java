package dev.mpmarketplace.mercadopago.client.payments;

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
 * Mercado Pago's Payments API ({@code /v1/payments}, reference section 2), answers as the raw JSON text so that the
 * caller can keep exactly what Mercado Pago said. Use it through {@link MercadoPagoPayments}, which adds the
 * timeout, the failure classification and the retries. Bodies are JSON text written by the caller (exact decimals).
 */
@RegisterRestClient(configKey = "mercadopago")
@RegisterProvider(IdempotencyKeyFilter.class)
@Path("/v1/payments")
public interface MercadoPagoPaymentsApi {

    /** {@code POST /v1/payments}: 201 with the payment, also when it is rejected. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKeyFilter.HEADER) String idempotencyKey, String body);

    /** {@code GET /v1/payments/{id}}. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") long id);

    /** {@code GET /v1/payments/search}: {@code {"paging":{...},"results":[payment...]}}; absent filters are left out. */
    @GET
    @Path("/search")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> search(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("external_reference") String externalReference, @QueryParam("status") String status,
            @QueryParam("range") String range, @QueryParam("begin_date") String beginDate,
            @QueryParam("end_date") String endDate, @QueryParam("sort") String sort,
            @QueryParam("criteria") String criteria, @QueryParam("limit") Integer limit,
            @QueryParam("offset") Integer offset);

    /** {@code PUT /v1/payments/{id}}: cancel ({@code {"status":"cancelled"}}) or capture ({@code {"capture":true}}). */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> update(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") long id,
            String body);

    /** {@code POST /v1/payments/{id}/refunds}: 201 with the refund; an empty object refunds what remains. */
    @POST
    @Path("/{id}/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> refund(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKeyFilter.HEADER) String idempotencyKey, @PathParam("id") long id,
            String body);

    @ClientExceptionMapper
    static RuntimeException toException(Response response, Method method) {
        return MercadoPagoErrors.fromResponse(operation(method.getName()), response);
    }

    /** The operation a method of this interface performs, as failures name it. */
    static String operation(String method) {
        return switch (method) {
            case "create" -> "POST /v1/payments";
            case "get" -> "GET /v1/payments/{id}";
            case "search" -> "GET /v1/payments/search";
            case "update" -> "PUT /v1/payments/{id}";
            case "refund" -> "POST /v1/payments/{id}/refunds";
            default -> "/v1/payments";
        };
    }
}
