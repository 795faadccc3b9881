package dev.mpmarketplace.payment.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import dev.mpmarketplace.sellertokens.SellerTokensUnavailableException;
import dev.mpmarketplace.support.problem.Problem;
import dev.mpmarketplace.support.problem.ProblemException;

/** Vault unavailable while a request needs a seller's token: a clear, retryable refusal, not an internal error. */
class SellerTokensUnavailableTest {

    @Test
    void isA503ThatSaysNothingHappenedAndWhenToAskAgain() {
        SellerTokensUnavailableException failure = new SellerTokensUnavailableException(202_300_400L,
                new ConnectException("Connection refused: 127.0.0.1/127.0.0.1:18200"));

        ProblemException problem = PaymentProblems.sellerTokensUnavailable(failure);
        Problem answered = problem.toProblem("/payments");

        assertThat(answered.status()).isEqualTo(503);
        assertThat(answered.reason()).isEqualTo(PaymentProblems.SELLER_TOKENS_UNAVAILABLE);
        assertThat(problem.headers()).containsEntry("Retry-After", "5");
        assertThat(problem.extensions()).containsEntry("seller_id", 202_300_400L);
        assertThat(problem.getCause()).isSameAs(failure);
        assertThat(answered.toString()).contains("nothing was done", "same Idempotency-Key")
                .doesNotContain("18200", "Connection refused");
    }
}
