package dev.mpmarketplace.mercadopago.client.point;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
 * The one Payments API call a Point service makes: looking up the {@code /v1/payments} payment a device made, to
 * settle an intent that ended without a result ({@code CONFIRMATION_REQUIRED}) and to record what the payment became.
 * (A fuller Payments API client belongs with payment-service; this interface can give way to it.)
 */
@RegisterRestClient(configKey = "mercadopago")
@RegisterProvider(IdempotencyKeyFilter.class)
@Path("/v1/payments")
@Produces(MediaType.APPLICATION_JSON)
public interface MercadoPagoPointPaymentsApi {

    @GET
    @Path("/{id}")
    Uni<PointPayment> payment(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") long paymentId);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return MercadoPagoErrors.fromResponse("GET /v1/payments/{id}", response);
    }
}
