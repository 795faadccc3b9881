package dev.mpmarketplace.orders.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.mpmarketplace.orders.service.RebuildProgress;

/**
 * Not ready while a rebuild has facts left to replay: the model is incomplete, so the API must not be routed to. Up
 * outside a rebuild, and once the rebuild caught up.
 */
@Readiness
@ApplicationScoped
public class RebuildReadiness implements HealthCheck {

    private final RebuildProgress progress;

    public RebuildReadiness(RebuildProgress progress) {
        this.progress = progress;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("order-model").status(!progress.rebuilding())
                .withData("rebuilding", progress.rebuilding())
                .withData("facts_replayed", progress.replayedCount())
                .withData("facts_behind", progress.lag())
                .build();
    }
}
