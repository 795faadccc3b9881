package dev.mpmarketplace.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * What KeyedLanes does with a record around its work: acks it when the work completed, nacks it with the failure
 * otherwise (also when the work cannot even be built), and runs the work on the duplicated context the record was
 * submitted on, even when it starts after another record of its lane that ran on another context.
 */
class KeyedLanesTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A message whose (n)acks the test can see. */
    static final class Seen {
        final CompletableFuture<Void> acked = new CompletableFuture<>();
        final CompletableFuture<Throwable> nacked = new CompletableFuture<>();

        Message<String> message(String payload) {
            return Message.of(payload, () -> {
                acked.complete(null);
                return CompletableFuture.completedFuture(null);
            }, failure -> {
                nacked.complete(failure);
                return CompletableFuture.completedFuture(null);
            });
        }
    }

    @Test
    void aRecordIsAckedWhenItsWorkCompletedAndNackedWithItsFailureOtherwise() throws Exception {
        KeyedLanes lanes = new KeyedLanes("test", 10);
        Seen done = new Seen();
        Seen failed = new Seen();
        Seen thrown = new Seen();
        IllegalStateException refused = new IllegalStateException("refused");

        lanes.submit(done.message("1"), "a", () -> Uni.createFrom().voidItem());
        lanes.submit(failed.message("2"), "a", () -> Uni.createFrom().failure(refused));
        lanes.submit(thrown.message("3"), "a", () -> {
            throw refused;
        });

        done.acked.get(5, TimeUnit.SECONDS);
        assertThat(failed.nacked.get(5, TimeUnit.SECONDS)).isSameAs(refused);
        assertThat(thrown.nacked.get(5, TimeUnit.SECONDS)).isSameAs(refused);
        assertThat(done.nacked).isNotDone();
        assertThat(failed.acked).isNotDone();
        assertThat(lanes.inFlight()).isZero();
    }

    @Test
    void eachRecordsWorkRunsOnTheContextItWasSubmittedOn() throws Exception {
        KeyedLanes lanes = new KeyedLanes("test", 10);
        Context first = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        Context second = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<Void> holdFirst = new CompletableFuture<>();
        List<Context> ranOn = new CopyOnWriteArrayList<>();
        Seen firstSeen = new Seen();
        Seen secondSeen = new Seen();

        submitOn(first, lanes, firstSeen.message("1"), () -> {
            ranOn.add(Vertx.currentContext());
            return Uni.createFrom().completionStage(holdFirst);
        });
        submitOn(second, lanes, secondSeen.message("2"), () -> {
            ranOn.add(Vertx.currentContext());
            return Uni.createFrom().voidItem();
        });
        Thread.sleep(200);
        assertThat(ranOn).as("the second waits for the first: one lane").containsExactly(first);

        // The first completes on a thread of no context; the second still runs on its own.
        CompletableFuture.runAsync(() -> holdFirst.complete(null));
        secondSeen.acked.get(5, TimeUnit.SECONDS);
        assertThat(ranOn).containsExactly(first, second);
        assertThat(firstSeen.acked).isDone();
    }

    private static void submitOn(Context context, KeyedLanes lanes, Message<String> message,
            java.util.function.Supplier<Uni<Void>> work) throws Exception {
        CompletableFuture<CompletionStage<Void>> submitted = new CompletableFuture<>();
        context.runOnContext(ignored -> submitted.complete(lanes.submit(message, "same key", work)));
        submitted.get(5, TimeUnit.SECONDS);
    }
}
