package dev.mpmarketplace.testing.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * The application's {@code Clock} is the kit's {@link AdjustableClock} even though the application produces a clock
 * of its own ({@code ProofClockProducer}, a plain producer, not a default bean). Same resources as
 * {@code RealInfrastructureTest}, so the application is not started again for it.
 */
@QuarkusTest
@WithKafkaBroker(topics = {"proof.channel", "proof.resume"})
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9999/webhooks/mercadopago")
class ClockAlternativeTest {

    @Inject
    Clock applicationClock;

    @Inject
    AdjustableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theApplicationsClockIsTheAdjustableOneAndMovesWhenATestMovesIt() {
        clock.advance(Duration.ofHours(2));

        assertThat(Duration.between(Instant.now(), applicationClock.instant()))
                .isBetween(Duration.ofHours(2).minusSeconds(5), Duration.ofHours(2).plusSeconds(5));
    }
}
