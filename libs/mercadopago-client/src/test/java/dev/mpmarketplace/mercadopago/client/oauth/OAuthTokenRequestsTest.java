package dev.mpmarketplace.mercadopago.client.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OAuthTokenRequestsTest {

    @Test
    void theCodeGrantSendsTheClientTheCodeTheRedirectUriAndTheVerifier() {
        var form = OAuthTokenRequests.authorizationCode("123", "secret", "TG-code", "https://m.example/cb",
                "verifier");

        assertThat(form.getFirst("grant_type")).isEqualTo("authorization_code");
        assertThat(form.getFirst("client_id")).isEqualTo("123");
        assertThat(form.getFirst("client_secret")).isEqualTo("secret");
        assertThat(form.getFirst("code")).isEqualTo("TG-code");
        assertThat(form.getFirst("redirect_uri")).isEqualTo("https://m.example/cb");
        assertThat(form.getFirst("code_verifier")).isEqualTo("verifier");
    }

    @Test
    void theRefreshGrantAlwaysNamesTheClient() {
        var form = OAuthTokenRequests.refreshToken("123", "secret", "TG-refresh");

        assertThat(form.getFirst("grant_type")).isEqualTo("refresh_token");
        assertThat(form.getFirst("client_id")).isEqualTo("123");
        assertThat(form.getFirst("refresh_token")).isEqualTo("TG-refresh");
        assertThat(form).doesNotContainKey("code_verifier");
    }

    @Test
    void aPrintedTokenResponseShowsNoToken() {
        var response = new OAuthTokenResponse("APP_USR-access", "bearer", 15_552_000L, "offline_access read write",
                42L, "TG-refresh", "APP_USR-public", true);

        assertThat(response.toString()).doesNotContain("APP_USR-access", "TG-refresh").contains("user_id=42");
    }
}
