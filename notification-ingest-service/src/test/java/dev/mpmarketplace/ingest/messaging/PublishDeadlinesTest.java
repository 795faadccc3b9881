package dev.mpmarketplace.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.ingest.service.PublishFailedException;
import dev.mpmarketplace.ingest.service.PublishFailedException.Reason;

class PublishDeadlinesTest {

    private static final Topic TOPIC = Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS;
    private static final long MS = 1_000_000;

    private final PublishDeadlines deadlines = new PublishDeadlines(Duration.ofMillis(100));

    @Test
    void aRequestStillWaitingAtItsDeadlineFailsAsTimedOutAndNotBefore() {
        CompletableFuture<Duration> request = new CompletableFuture<>();
        deadlines.watch(request, null, TOPIC, 0);

        deadlines.sweep(99 * MS);
        assertThat(request).isNotDone();

        deadlines.sweep(100 * MS);
        assertThat(request).isCompletedExceptionally();
        assertThat(request.handle((ok, failure) -> failure).join())
                .isInstanceOfSatisfying(PublishFailedException.class,
                        failure -> assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT));
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void aSweepFailsOnlyTheExpiredRequestsAndLeavesTheAnsweredOnesAnswered() {
        CompletableFuture<Duration> first = new CompletableFuture<>();
        CompletableFuture<Duration> answered = new CompletableFuture<>();
        CompletableFuture<Duration> later = new CompletableFuture<>();
        deadlines.watch(first, null, TOPIC, 0);
        deadlines.watch(answered, null, TOPIC, 10 * MS);
        deadlines.watch(later, null, TOPIC, 20 * MS);
        answered.complete(Duration.ofMillis(3));

        deadlines.sweep(115 * MS);

        assertThat(first).isCompletedExceptionally();
        assertThat(answered).isCompletedWithValue(Duration.ofMillis(3));
        assertThat(later).isNotDone();
        assertThat(deadlines.size()).isOne();

        deadlines.sweep(120 * MS);
        assertThat(later).isCompletedExceptionally();
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void answeredRequestsAreForgottenOnceTheyReachTheHeadOfTheQueue() {
        CompletableFuture<Duration> waiting = new CompletableFuture<>();
        CompletableFuture<Duration> answered = new CompletableFuture<>();
        deadlines.watch(waiting, null, TOPIC, 0);
        deadlines.watch(answered, null, TOPIC, 1 * MS);
        answered.complete(Duration.ofMillis(1));

        deadlines.sweep(50 * MS);
        assertThat(deadlines.size()).as("behind a request still in time").isEqualTo(2);

        waiting.complete(Duration.ofMillis(60));
        deadlines.sweep(60 * MS);
        assertThat(deadlines.size()).isZero();
        assertThat(waiting).isCompletedWithValue(Duration.ofMillis(60));
    }

    @Test
    void theSweepPeriodIsATwentiethOfTheTimeoutBetween10And100Milliseconds() {
        assertThat(PublishDeadlines.sweepPeriodMillis(Duration.ofSeconds(3))).isEqualTo(100);
        assertThat(PublishDeadlines.sweepPeriodMillis(Duration.ofMillis(400))).isEqualTo(20);
        assertThat(PublishDeadlines.sweepPeriodMillis(Duration.ofMillis(50))).isEqualTo(10);
    }
}
