package dev.mpmarketplace.mercadopago.client.mercadolibre;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;

/**
 * Mercado Libre's Orders API ({@code /orders}, reference sections 7 and 12.c), answers as JSON text. Use it through
 * {@link MercadoLibreOrders}, which adds the timeout, the failure classification and the retries.
 */
@RegisterRestClient(configKey = "mercadolibre")
@Path("/orders")
public interface MercadoLibreOrdersApi {

    /** {@code GET /orders/{id}} with the seller's (or the buyer's) token; 403 for anyone else, 404 when unknown. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") long id);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return MercadoPagoErrors.fromResponse(MercadoLibreOrders.GET, response);
    }
}
