package dev.mpmarketplace.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PointChallengeTest {

    @Test
    void answersTheHexHmacComputedIndependently() {
        // Computed at authoring time with python3:
        // hmac.new(b'integrator-token-not-real', b'abc123challenge', hashlib.sha256).hexdigest()
        assertThat(PointChallenge.hmac(PointChallenge.secretKey("integrator-token-not-real"), "abc123challenge"))
                .isEqualTo("97565cb22342fa56e9b87f26ec2d72a6e3a9a7801d9e227653b959a5c2f86b21");
    }

    @Test
    void anAbsentOrOverlongCodeIsRefusedBeforeAnyKeyIsRead() {
        // No key store: a refusal must not need one.
        PointChallenge challenge = new PointChallenge(null, TestConfig.of(), () -> 0L);

        assertThatThrownBy(() -> challenge.answer(1L, null).await().indefinitely())
                .isInstanceOfSatisfying(NotificationRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.MISSING_FIELD));
        assertThatThrownBy(() -> challenge.answer(1L, "x".repeat(513)).await().indefinitely())
                .isInstanceOfSatisfying(NotificationRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.INVALID_FIELD));
    }
}
