package dev.mpmarketplace.mercadopago.client.users;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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

/**
 * Mercado Pago's {@code /users} API: whose token is this ({@link SellerTokenProbe}), and test users ({@link TestUsers}).
 */
@RegisterRestClient(configKey = "mercadopago")
@RegisterProvider(IdempotencyKeyFilter.class)
@Path("/users")
public interface MercadoPagoUsersApi {

    /** The account the bearer token belongs to. */
    @GET
    @Path("/me")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<MercadoPagoUser> me(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    /** Creates a test user of the given site (reference 9); the caller's token is the application's own. */
    @POST
    @Path("/test_user")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<TestUser> createTestUser(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKeyFilter.HEADER) String idempotencyKey, Map<String, String> body);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return MercadoPagoErrors.fromResponse("/users", response);
    }
}
