package dev.mpmarketplace.payment.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.mercadopago.client.oauth.GrantedTokens;
import dev.mpmarketplace.sellertokens.SellerSecrets;

/**
 * Linked sellers for tests: a new seller of the sandbox approves the marketplace's application, and its tokens are
 * written to Vault through libs/seller-tokens' one layout, as seller-linking-service writes them. payment-service then
 * reads them as in production.
 */
public final class Sellers {

    private static final SecureRandom RANDOM = new SecureRandom();

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
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(RANDOM.generateSeed(32));
        String redirectUri = sandbox.application().path("redirect_uris").get(0).asText();
        String code = sandbox.authorize(sellerId, challenge(verifier), redirectUri);
        JsonNode tokens = sandbox.exchange(code, redirectUri, verifier);
        secrets.write(new GrantedTokens(sellerId, tokens.get("access_token").asText(),
                tokens.get("refresh_token").asText(), tokens.get("public_key").asText(),
                tokens.path("scope").asText(null), tokens.path("live_mode").asBoolean(true),
                OffsetDateTime.now().plusSeconds(tokens.get("expires_in").asLong())), 0)
                .await().indefinitely();
        return new LinkedSeller(sellerId, tokens.get("access_token").asText(), tokens.get("public_key").asText());
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
