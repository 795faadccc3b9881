package dev.mpmarketplace.sellertokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import dev.mpmarketplace.support.problem.Problem;
import dev.mpmarketplace.support.problem.ProblemException;

/** Vault unavailable while a request needs a seller's tokens: a clear, retryable refusal, not an internal error. */
class SellerTokensProblemsTest {

    @Test
    void isA503ThatSaysNothingHappenedAndWhenToAskAgainWithoutNamingVaultsAddress() {
        SellerTokensUnavailableException failure = new SellerTokensUnavailableException(202_300_400L,
                new ConnectException("Connection refused: 127.0.0.1/127.0.0.1:18200"));

        ProblemException problem = SellerTokensProblems.unavailable(failure);
        Problem answered = problem.toProblem("/payments");

        assertThat(answered.status()).isEqualTo(503);
        assertThat(answered.reason()).isEqualTo("seller-tokens-unavailable");
        assertThat(answered.type()).hasToString("https://mpmarketplace.dev/problems/seller-tokens-unavailable");
        assertThat(problem.headers()).containsEntry("Retry-After", "5");
        assertThat(problem.extensions()).containsEntry("seller_id", 202_300_400L);
        assertThat(problem.getCause()).isSameAs(failure);
        assertThat(answered.json()).contains("nothing was done", "Retry-After", "same Idempotency-Key")
                .doesNotContain("18200", "Connection refused", "127.0.0.1");
    }

    @Test
    void theFailureNamesTheSellerWhatFailedAndItsKindButNotVaultsAddress() {
        SellerTokensUnavailableException destroy = new SellerTokensUnavailableException(7L, "destroyed in",
                new ConnectException("Connection refused: 127.0.0.1/127.0.0.1:18200"));

        assertThat(destroy).hasMessage("the tokens of seller 7 could not be destroyed in Vault (ConnectException)");
        assertThat(destroy.kind()).isEqualTo("ConnectException");
        assertThat(destroy.userId()).isEqualTo(7L);
    }
}
