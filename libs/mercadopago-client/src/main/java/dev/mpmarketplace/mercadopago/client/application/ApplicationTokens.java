package dev.mpmarketplace.mercadopago.client.application;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.oidc.client.runtime.TokensHelper;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;

/**
 * The marketplace application's own Mercado Pago token, for application-level calls (creating test users, Mercado
 * Libre's missed feeds), never for acting for a seller: {@code quarkus-oidc-client}'s named client
 * {@value #CLIENT} runs the {@code client_credentials} grant at {@code /oauth/token} (discovery off, the secret posted
 * in the form as Mercado Pago expects), caches the token and renews it before it expires.
 * <p>
 * Configured by {@code mercadopago.application.client-id} / {@code client-secret} and switched on with
 * {@code mercadopago.application.token-enabled=true} (this library's defaults wire them to the named client).
 * Sellers' tokens come from Vault ({@code libs/seller-tokens}), never from here.
 */
@ApplicationScoped
public class ApplicationTokens {

    /** The name of the OIDC client. */
    public static final String CLIENT = "mercadopago";

    private final OidcClients clients;
    private final TokensHelper tokens = new TokensHelper();

    public ApplicationTokens(OidcClients clients) {
        this.clients = clients;
    }

    /**
     * The application's current access token.
     *
     * @return fails with a classified {@code MercadoPagoException} when Mercado Pago did not grant one
     */
    public Uni<String> accessToken() {
        return Uni.createFrom().deferred(() -> tokens.getTokens(clients.getClient(CLIENT)))
                .map(Tokens::getAccessToken)
                .onFailure().transform(failure -> MercadoPagoErrors.classify("POST /oauth/token client_credentials",
                        failure));
    }
}
