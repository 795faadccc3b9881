package dev.mpmarketplace.orders.support;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.mercadopago.client.oauth.GrantedTokens;
import dev.mpmarketplace.sellertokens.SellerSecrets;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;

/**
 * Linked sellers of a Mercado Libre site for tests: a new seller of the sandbox approves the marketplace's application
 * (the kit's {@link SandboxControl#grant}), and its tokens are written to Vault through libs/seller-tokens' one layout,
 * as seller-linking-service writes them; the service reads them as in production.
 */
public final class Sellers {

    /**
     * A linked seller.
     *
     * @param id the user id
     * @param accessToken its OAuth token, only to check that no log line carries it (never printed)
     */
    public record LinkedSeller(long id, String accessToken) {
        @Override
        public String toString() {
            return "LinkedSeller[" + id + "]";
        }
    }

    private Sellers() {
    }

    /** A new seller of the site ({@code MLB}, {@code MLM}, ...), linked: tokens in Vault. */
    public static LinkedSeller linked(SandboxControl sandbox, SellerSecrets secrets, String siteId) {
        long sellerId = sandbox.newUser("seller", siteId);
        JsonNode tokens = sandbox.grant(sellerId);
        secrets.write(new GrantedTokens(sellerId, tokens.get("access_token").asText(),
                tokens.get("refresh_token").asText(), tokens.get("public_key").asText(),
                tokens.path("scope").asText(null), tokens.path("live_mode").asBoolean(true),
                OffsetDateTime.now().plusSeconds(tokens.get("expires_in").asLong())), 0)
                .await().indefinitely();
        return new LinkedSeller(sellerId, tokens.get("access_token").asText());
    }
}
