package dev.mpmarketplace.mercadopago.client.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A Mercado Pago test user, as {@code POST /users/test_user} answers: its password logs in to Mercado Pago's test
 * pages (consent, checkout) and is shown to whoever created it, never logged.
 *
 * @param id the user id
 * @param nickname the nickname
 * @param password the password of the test account
 * @param email the account's email
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TestUser(@JsonProperty("id") long id, @JsonProperty("nickname") String nickname,
        @JsonProperty("password") String password, @JsonProperty("email") String email) {

    @Override
    public String toString() {
        return "TestUser[id=" + id + ", nickname=" + nickname + ", password=<redacted>]";
    }
}
