package dev.mpmarketplace.linking.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RefreshPacingTest {

    private static RefreshPacing pacing(long randomValue) {
        return new RefreshPacing(Duration.ofSeconds(20), Duration.ofMinutes(1), Duration.ofHours(6), 5,
                bound -> Math.min(randomValue, bound - 1));
    }

    @Test
    void jitterStaysWithinTheConfiguredBound() {
        assertThat(pacing(0).jitterDelay()).isZero();
        assertThat(pacing(Long.MAX_VALUE).jitterDelay()).isEqualTo(Duration.ofSeconds(20));
        RefreshPacing real = RefreshPacing.withSystemRandom(Duration.ofSeconds(20), Duration.ofMinutes(1),
                Duration.ofHours(6), 5);
        for (int i = 0; i < 200; i++) {
            assertThat(real.jitterDelay()).isBetween(Duration.ZERO, Duration.ofSeconds(20));
        }
    }

    @Test
    void backoffDoublesPerFailureUpToTheCap() {
        RefreshPacing pacing = pacing(0);
        assertThat(pacing.backoff(1, null)).isEqualTo(Duration.ofMinutes(1));
        assertThat(pacing.backoff(2, null)).isEqualTo(Duration.ofMinutes(2));
        assertThat(pacing.backoff(4, null)).isEqualTo(Duration.ofMinutes(8));
        assertThat(pacing.backoff(20, null)).isEqualTo(Duration.ofHours(6));
        assertThat(pacing.backoff(1000, null)).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void backoffIsNeverShorterThanMercadoPagosRetryAfter() {
        assertThat(pacing(0).backoff(1, Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
        assertThat(pacing(0).backoff(3, Duration.ofSeconds(1))).isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void callsAreSpacedByTheRateLimit() {
        RefreshPacing pacing = pacing(0);
        long now = 1_000_000_000L;
        assertThat(pacing.reserveSlot(now)).isZero();
        assertThat(pacing.reserveSlot(now)).isEqualTo(Duration.ofMillis(200));
        assertThat(pacing.reserveSlot(now)).isEqualTo(Duration.ofMillis(400));
        assertThat(pacing.reserveSlot(now + Duration.ofSeconds(10).toNanos())).isZero();
    }

    @Test
    void aBoundedReservationTakesASlotOnlyWithinItsWaitAndSaysHowFarTheNextOneIs() {
        RefreshPacing pacing = pacing(0);
        long now = 1_000_000_000L;
        for (int i = 0; i < 5; i++) {
            pacing.reserveSlot(now);
        }
        RefreshPacing.Slot refused = pacing.reserveSlotWithin(now, Duration.ofMillis(500));
        RefreshPacing.Slot granted = pacing.reserveSlotWithin(now, Duration.ofSeconds(2));

        assertThat(refused.reserved()).isFalse();
        assertThat(refused.delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(granted.reserved()).as("the refused one took nothing").isTrue();
        assertThat(granted.delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(pacing.reserveSlot(now)).isEqualTo(Duration.ofMillis(1200));
    }
}
