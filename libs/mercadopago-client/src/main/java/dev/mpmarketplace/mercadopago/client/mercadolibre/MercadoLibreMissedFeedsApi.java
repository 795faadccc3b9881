package dev.mpmarketplace.mercadopago.client.mercadolibre;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;

/**
 * Mercado Libre's {@code GET /missed_feeds} (reference 6.5, 12.c): the feed messages of an application that Mercado
 * Libre gave up delivering, kept about two days. Use it through {@link MercadoLibreMissedFeeds}.
 */
@RegisterRestClient(configKey = "mercadolibre")
@Path("/missed_feeds")
public interface MercadoLibreMissedFeedsApi {

    /** {@code {"messages": [...]}}, oldest first; absent filters are left out. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("app_id") String applicationId, @QueryParam("topic") String topic,
            @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return MercadoPagoErrors.fromResponse(MercadoLibreMissedFeeds.LIST, response);
    }
}
