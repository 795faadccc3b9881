package dev.mpmarketplace.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PointChallengeTest {

    @Test
    void answersTheHexHmacComputedIndependently() {
        // Computed at authoring time with python3:
        // hmac.new(b'integrator-token-not-real', b'abc123challenge', hashlib.sha256).hexdigest()
        PointChallenge challenge = new PointChallenge(
                TestConfig.of("ingest.point.integrator-token", "integrator-token-not-real"));

        assertThat(challenge.answer("abc123challenge"))
                .isEqualTo("97565cb22342fa56e9b87f26ec2d72a6e3a9a7801d9e227653b959a5c2f86b21");
    }

    @Test
    void withoutTokenItIsNotConfiguredAndAnAbsentCodeIsRefused() {
        assertThat(new PointChallenge(TestConfig.of()).isConfigured()).isFalse();
        PointChallenge challenge = new PointChallenge(TestConfig.of("ingest.point.integrator-token", "t"));
        assertThatThrownBy(() -> challenge.answer(null)).isInstanceOfSatisfying(NotificationRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(Rejection.MISSING_FIELD));
        assertThatThrownBy(() -> challenge.answer("x".repeat(513)))
                .isInstanceOfSatisfying(NotificationRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.INVALID_FIELD));
    }
}
