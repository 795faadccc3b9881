package dev.mpmarketplace.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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
 * submitted on, even when it starts after another record of its lane that ran on another context; spread, on a
 * context of its own over all of Vert.x's event loops.
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
        KeyedLanes lanes = new KeyedLanes("test", 4, 10);
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
        KeyedLanes lanes = new KeyedLanes("test", 1, 10);
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

    @Test
    void spreadLanesRunEachRecordOnAContextOfItsOwnOverTheEventLoopsOneKeyAlwaysOnTheSameLoop() throws Exception {
        KeyedLanes lanes = new KeyedLanes("test", 8, 100, true);
        Context consumer = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        Map<String, Context> contexts = new ConcurrentHashMap<>();
        Map<String, Thread> threads = new ConcurrentHashMap<>();
        List<Seen> seen = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String key = "key-" + (i % 20);
            String record = key + "#" + (i / 20);
            Seen one = new Seen();
            seen.add(one);
            CompletableFuture<CompletionStage<Void>> submitted = new CompletableFuture<>();
            consumer.runOnContext(ignored -> submitted.complete(lanes.submit(one.message(record), key, () -> {
                contexts.put(record, Vertx.currentContext());
                threads.put(record, Thread.currentThread());
                return Uni.createFrom().voidItem();
            })));
            submitted.get(5, TimeUnit.SECONDS);
        }
        for (Seen one : seen) {
            one.acked.get(5, TimeUnit.SECONDS);
        }

        assertThat(contexts.values()).as("a duplicated context per record, never the consumer's")
                .allSatisfy(context -> assertThat(VertxContext.isDuplicatedContext(context)).isTrue())
                .doesNotContain(consumer).doesNotHaveDuplicates();
        assertThat(threads.values().stream().map(Thread::getName).distinct().count())
                .as("the records' work is spread over more than the consumer's event loop").isGreaterThan(1);
        for (int k = 0; k < 20; k++) {
            assertThat(threads.get("key-" + k + "#1")).as("one key, one event loop")
                    .isSameAs(threads.get("key-" + k + "#0"));
        }
    }

    private static void submitOn(Context context, KeyedLanes lanes, Message<String> message,
            java.util.function.Supplier<Uni<Void>> work) throws Exception {
        CompletableFuture<CompletionStage<Void>> submitted = new CompletableFuture<>();
        context.runOnContext(ignored -> submitted.complete(lanes.submit(message, "same key", work)));
        submitted.get(5, TimeUnit.SECONDS);
    }
}
