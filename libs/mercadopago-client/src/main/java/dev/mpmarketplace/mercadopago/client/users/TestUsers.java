package dev.mpmarketplace.mercadopago.client.users;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;
import dev.mpmarketplace.mercadopago.client.application.ApplicationTokens;

/**
 * Creates Mercado Pago test users (sellers and buyers for sandboxes and demos) with the application's own token
 * ({@link ApplicationTokens}, {@code client_credentials}), as seed 002 does with {@code POST /users/test_user}.
 */
@ApplicationScoped
public class TestUsers {

    private static final String OPERATION = "POST /users/test_user";

    private final MercadoPagoUsersApi users;
    private final ApplicationTokens application;
    private final MercadoPagoClientConfig config;

    public TestUsers(@RestClient MercadoPagoUsersApi users, ApplicationTokens application,
            MercadoPagoClientConfig config) {
        this.users = users;
        this.application = application;
        this.config = config;
    }

    /** One new test user of {@code siteId} ({@code MLA}, {@code MLB}, ...). */
    public Uni<TestUser> create(String siteId) {
        return application.accessToken()
                .chain(token -> users.createTestUser("Bearer " + token, UUID.randomUUID().toString(),
                        Map.of("site_id", siteId)))
                .ifNoItem().after(config.timeout()).failWith(TimeoutException::new)
                .onFailure().transform(failure -> MercadoPagoErrors.classify(OPERATION, failure));
    }
}
