package dev.mpmarketplace.linking.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class LinkSecretsTest {

    @Test
    void statesCarry256RandomBitsAsUrlSafeTextAndNeverRepeat() {
        Set<String> states = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String state = LinkSecrets.newState();
            assertThat(state).hasSize(43).matches("[A-Za-z0-9_-]+");
            states.add(state);
        }
        assertThat(states).hasSize(1000);
    }

    @Test
    void theS256ChallengeIsTheUnpaddedBase64UrlOfTheVerifiersSha256() {
        // Expected value computed independently (Python: urlsafe_b64encode(sha256(verifier)) without '=').
        assertThat(LinkSecrets.s256Challenge("dBjftJeZ4CVP-mJ92K1s8jLI2gQ4NMZ3ezYOk9rTQDg"))
                .isEqualTo("pXG93uhuOl_iMTrihPt3ouXC0HYRaSL_vBHlOLwwrEw");
    }

    @Test
    void verifiersHaveTheLengthAndAlphabetPkceRequires() {
        assertThat(LinkSecrets.newCodeVerifier()).hasSizeBetween(43, 128).matches("[A-Za-z0-9._~-]+");
    }

    @Test
    void aStateIsStoredAsItsSha256AndTheHashDoesNotRevealIt() {
        String state = LinkSecrets.newState();
        assertThat(LinkSecrets.hashState(state)).hasSize(64).isEqualTo(LinkSecrets.hashState(state))
                .doesNotContain(state);
    }
}
