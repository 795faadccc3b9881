package dev.mpmarketplace.payment.support;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.mercadopago.client.oauth.GrantedTokens;
import dev.mpmarketplace.sellertokens.SellerSecrets;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;

/**
 * Linked sellers for tests: a new seller of the sandbox approves the marketplace's application (the kit's
 * {@link SandboxControl#grant}), and its tokens are written to Vault through libs/seller-tokens' one layout, as
 * seller-linking-service writes them. payment-service then reads them as in production.
 */
public final class Sellers {

    /**
     * A linked seller, as a test sees it.
     *
     * @param id the Mercado Pago user id
     * @param accessToken the seller's OAuth token (to check the sandbox directly; never written anywhere)
     * @param publicKey the seller's public key, for card tokens
     */
    public record LinkedSeller(long id, String accessToken, String publicKey) {
        @Override
        public String toString() {
            return "LinkedSeller[" + id + "]";
        }
    }

    private Sellers() {
    }

    /** A new seller, linked: tokens in Vault. */
    public static LinkedSeller linked(SandboxControl sandbox, SellerSecrets secrets) {
        long sellerId = sandbox.newSeller();
        JsonNode tokens = sandbox.grant(sellerId);
        secrets.write(new GrantedTokens(sellerId, tokens.get("access_token").asText(),
                tokens.get("refresh_token").asText(), tokens.get("public_key").asText(),
                tokens.path("scope").asText(null), tokens.path("live_mode").asBoolean(true),
                OffsetDateTime.now().plusSeconds(tokens.get("expires_in").asLong())), 0)
                .await().indefinitely();
        return new LinkedSeller(sellerId, tokens.get("access_token").asText(), tokens.get("public_key").asText());
    }
}
