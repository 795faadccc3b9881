package dev.mpmarketplace.support.time;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;

/**
 * The one clock of a service (UTC). Everything that reads the time (expiries, leases, back-off, timelines) injects
 * {@link Clock}; a test replaces it with an adjustable one (any other {@code Clock} bean wins over this default).
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
