package dev.mpmarketplace.sellertokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.quarkus.vault.client.VaultClientException;

import dev.mpmarketplace.support.database.DatabaseFailures;

/**
 * Vault's transport failures, which quarkus-vault passes up bare, are Vault's: never taken for the database being
 * down, whose client raises the same {@code ConnectException}.
 */
class VaultUnreachableExceptionTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aRefusedConnectToVaultIsVaultsNotTheDatabases() {
        ConnectException refused = new ConnectException("Connection refused: 127.0.0.1/127.0.0.1:18200");

        Throwable failure = catchThrowable(() -> VaultUnreachableException
                .call(() -> CompletableFuture.failedFuture(refused)).await().atMost(WAIT));

        assertThat(failure).isInstanceOf(VaultUnreachableException.class).hasCause(refused)
                .hasMessage("Vault could not be reached (ConnectException)");
        // Bare, the rule of decision 0027 reads it as the database's outage; wrapped, it does not.
        assertThat(DatabaseFailures.unavailable(refused)).isTrue();
        assertThat(DatabaseFailures.unavailable(failure)).isFalse();
        assertThat(new SellerTokensUnavailableException(7L, failure).kind()).isEqualTo("ConnectException");
    }

    @Test
    void vaultsOwnAnswersPassUnchanged() {
        VaultClientException forbidden = new VaultClientException("read", "/v1/secret/data/sellers/7", 403,
                List.of("permission denied"), null);

        Throwable failure = catchThrowable(() -> VaultUnreachableException
                .call(() -> CompletableFuture.failedFuture(forbidden)).await().atMost(WAIT));

        assertThat(failure).isSameAs(forbidden);
        assertThat(new SellerTokensUnavailableException(7L, failure).kind()).isEqualTo("VaultClientException 403");
    }
}
