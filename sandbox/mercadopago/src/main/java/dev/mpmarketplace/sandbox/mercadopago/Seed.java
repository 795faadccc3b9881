package dev.mpmarketplace.sandbox.mercadopago;

import java.util.List;

import dev.mpmarketplace.sandbox.mercadopago.oauth.Application;
import dev.mpmarketplace.sandbox.mercadopago.oauth.OAuthService;
import dev.mpmarketplace.sandbox.mercadopago.oauth.SandboxUser;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;

/**
 * The default data set of a fresh sandbox (docs/sandbox.md): the marketplace's account and application, whose
 * webhook URL and Mercado Libre callback URL point at the local notification-ingest-service and whose redirect URL at
 * the local seller-linking-service, two sellers (each with Point devices) and two buyers.
 */
final class Seed {

    private Seed() {
    }

    static void defaults(SandboxContext context, SandboxState state) {
        OAuthService oauth = new OAuthService(context);
        SandboxUser marketplace = oauth.createUser(state, "seller", "MARKETPLACE", "marketplace@testuser.com", "MLB");
        Application app = oauth.createApplication(state, "Marketplace (local)", marketplace.id,
                List.of(context.options().linkingRedirectUri()), context.options().ingestWebhookUrl(), true);
        app.mercadoLibreCallbackUrl = context.options().seededMercadoLibreCallbackUrl();
        oauth.createUser(state, "seller", "SELLER_ONE", "test_user_seller_one@testuser.com", "MLB");
        oauth.createUser(state, "seller", "SELLER_TWO", "test_user_seller_two@testuser.com", "MLB");
        oauth.createUser(state, "buyer", "BUYER_ONE", "test_user_buyer_one@testuser.com", "MLB");
        oauth.createUser(state, "buyer", "BUYER_TWO", "test_user_buyer_two@testuser.com", "MLB");
    }
}
