package dev.mpmarketplace.linking.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.sellertokens.SellerSecrets;

/** Ready only when Vault answers: without it no link and no refresh can complete. */
@Readiness
@ApplicationScoped
public class VaultReadinessCheck implements AsyncHealthCheck {

    private final SellerSecrets secrets;

    public VaultReadinessCheck(SellerSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return secrets.currentVersion(0L)
                .map(version -> HealthCheckResponse.up("vault"))
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("vault").down()
                        .withData("error", failure.getClass().getSimpleName()).build());
    }
}
