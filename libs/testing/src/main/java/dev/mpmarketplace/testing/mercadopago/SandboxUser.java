package dev.mpmarketplace.testing.mercadopago;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A sandbox user ({@code GET /sandbox/users}).
 *
 * @param id the Mercado Pago user id
 * @param nickname {@code MARKETPLACE}, {@code SELLER_ONE}, {@code BUYER_ONE}, ... or a generated one
 * @param email the e-mail address
 * @param role {@code seller} or {@code buyer}
 * @param accessToken the user's own access token ("Your integrations")
 */
public record SandboxUser(long id, String nickname, String email, String role, String accessToken) {

    static SandboxUser from(JsonNode json) {
        return new SandboxUser(json.path("id").asLong(), json.path("nickname").asText(null),
                json.path("email").asText(null), json.path("role").asText(null),
                json.path("access_token").asText(null));
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "SandboxUser[" + id + ", " + nickname + ", " + role + "]";
    }
}
