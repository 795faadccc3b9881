package dev.mpmarketplace.mercadopago.client.oauth;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;

/**
 * Mercado Pago's {@code POST /oauth/token}. The body is form-encoded, as the guide (seed 000) sends it; build it with
 * {@link OAuthTokenRequests}. Configure the base URL with {@code quarkus.rest-client.mercadopago-oauth.url}.
 * <p>
 * Every non-2xx answer becomes a {@link dev.mpmarketplace.mercadopago.client.MercadoPagoException} carrying the
 * status, Mercado Pago's {@code error} key and {@code Retry-After}; never the request, which holds the code, the verifier, the refresh token and the client
 * secret.
 */
@RegisterRestClient(configKey = "mercadopago-oauth")
@Path("/oauth/token")
public interface MercadoPagoOAuthApi {

    /** Performs one grant; see {@link OAuthTokenRequests} for the two grants the marketplace uses. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<OAuthTokenResponse> grant(MultivaluedMap<String, String> form);

    /** Maps an error answer: Mercado Pago's classic envelope carries the {@code error} key ({@code invalid_grant}). */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return MercadoPagoErrors.fromResponse("POST /oauth/token", response);
    }
}
