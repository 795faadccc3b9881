package dev.mpmarketplace.mercadopago.client.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The account a token belongs to, as {@code GET /users/me} answers (the fields the platform reads).
 *
 * @param id the Mercado Pago user id
 * @param nickname the account's nickname
 * @param siteId the site ({@code MLA}, {@code MLB}, ...)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MercadoPagoUser(@JsonProperty("id") Long id, @JsonProperty("nickname") String nickname,
        @JsonProperty("site_id") String siteId) {
}
