package dev.mpmarketplace.testing;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * A service's own clock, as a plain producer (the harder case: not a {@code @DefaultBean}), which the kit's
 * {@code AdjustableClock} must still replace in tests.
 */
@ApplicationScoped
public class ProofClockProducer {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
