package dev.mpmarketplace.testing.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class AdjustableClockTest {

    private final AdjustableClock clock = new AdjustableClock();

    @Test
    void readsTheSystemClockInUtcUntilMoved() {
        Instant before = Instant.now();
        Instant read = clock.instant();

        assertThat(read).isBetween(before, Instant.now());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.offset()).isZero();
    }

    @Test
    void movesForwardAndBackByWhatTestsAddAndResetsToTheSystemClock() {
        clock.advance(Duration.ofMinutes(6));
        clock.advance(Duration.ofMinutes(4));

        assertThat(clock.offset()).isEqualTo(Duration.ofMinutes(10));
        assertThat(Duration.between(Instant.now(), clock.instant())).isBetween(Duration.ofMinutes(10).minusSeconds(1),
                Duration.ofMinutes(10).plusSeconds(1));
        assertThat(clock.millis() - System.currentTimeMillis()).isBetween(599_000L, 601_000L);

        clock.reset();

        assertThat(Duration.between(Instant.now(), clock.instant()).abs()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aViewInAnotherZoneFollowsLaterMoves() {
        Clock lima = clock.withZone(ZoneId.of("America/Lima"));

        clock.advance(Duration.ofDays(1));

        assertThat(lima.getZone()).isEqualTo(ZoneId.of("America/Lima"));
        assertThat(Duration.between(Instant.now(), lima.instant())).isGreaterThan(Duration.ofHours(23));
    }
}
