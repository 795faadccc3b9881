package dev.mpmarketplace.mercadopago.client.point;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.IdempotencyKeyFilter;
import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;

/**
 * The Orders API for Point ({@code /v1/orders} with {@code type: point}, reference 5B and 12.b), called with a
 * seller's token. Every POST carries our idempotency key, and the API honours it: the same key with the same body
 * within 24 hours answers the same order, so a create or refund whose answer was lost is repeated with its key, never
 * with a new one.
 */
@RegisterRestClient(configKey = "mercadopago")
@RegisterProvider(IdempotencyKeyFilter.class)
@Path("/v1/orders")
@Produces(MediaType.APPLICATION_JSON)
public interface MercadoPagoOrdersApi {

    /** The header that asks for the asynchronous cancel of an order already at the terminal (since 2026-10-23). */
    String ALLOW_CANCELABLE_STATUS = "x-allow-cancelable-status";
    /** Its one value. */
    String AT_TERMINAL = "at_terminal";

    /** Creates an order on a terminal (201). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<PointOrder> create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKeyFilter.HEADER) String idempotencyKey, PointOrderRequest order);

    /** An order. */
    @GET
    @Path("/{id}")
    Uni<PointOrder> order(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String orderId);

    /**
     * Cancels an order: {@code created} at once (200, {@code canceled}); {@code at_terminal} only with
     * {@code allowCancelableStatus} = {@value #AT_TERMINAL}, asynchronously (202, still {@code at_terminal});
     * otherwise 409 {@code cannot_cancel_order}.
     *
     * @param allowCancelableStatus {@value #AT_TERMINAL}, or {@code null} to cancel only a {@code created} order
     */
    @POST
    @Path("/{id}/cancel")
    Uni<RestResponse<PointOrder>> cancel(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKeyFilter.HEADER) String idempotencyKey,
            @HeaderParam(ALLOW_CANCELABLE_STATUS) String allowCancelableStatus, @PathParam("id") String orderId);

    /** Refunds the whole rest of a {@code processed} order's payment (201, the order). */
    @POST
    @Path("/{id}/refund")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<PointOrder> refund(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKeyFilter.HEADER) String idempotencyKey, @PathParam("id") String orderId,
            PointOrderRefundRequest refund);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return MercadoPagoErrors.fromResponse("/v1/orders", response);
    }
}
