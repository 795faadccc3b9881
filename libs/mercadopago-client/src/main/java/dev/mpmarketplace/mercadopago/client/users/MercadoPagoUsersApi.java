package dev.mpmarketplace.mercadopago.client.users;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
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

/** Mercado Pago's {@code /users} API: whose token is this. Use it through {@link SellerTokenProbe}. */
@RegisterRestClient(configKey = "mercadopago")
@RegisterProvider(IdempotencyKeyFilter.class)
@Path("/users")
public interface MercadoPagoUsersApi {

    /** The account the bearer token belongs to. */
    @GET
    @Path("/me")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<MercadoPagoUser> me(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return MercadoPagoErrors.fromResponse("GET /users/me", response);
    }
}
