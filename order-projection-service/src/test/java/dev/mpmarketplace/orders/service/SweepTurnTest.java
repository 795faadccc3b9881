package dev.mpmarketplace.orders.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A sweep's turn lasts nine tenths of its period, read as the scheduler reads {@code every}. */
class SweepTurnTest {

    @Test
    void aTurnIsNineTenthsOfThePeriodInEveryFormTheSchedulerAccepts() {
        assertThat(MercadoLibreSweeps.turn("5M")).isEqualTo(Duration.ofMinutes(4).plusSeconds(30));
        assertThat(MercadoLibreSweeps.turn("15m")).isEqualTo(Duration.ofMinutes(13).plusSeconds(30));
        assertThat(MercadoLibreSweeps.turn("30S")).isEqualTo(Duration.ofSeconds(27));
        assertThat(MercadoLibreSweeps.turn("1D")).isEqualTo(Duration.ofHours(21).plusMinutes(36));
        assertThat(MercadoLibreSweeps.turn("PT10M")).isEqualTo(Duration.ofMinutes(9));
    }
}
